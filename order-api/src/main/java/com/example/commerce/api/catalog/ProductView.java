package com.example.commerce.api.catalog;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

@Serdeable
public record ProductView(long id, String name, String description, String category, String brand, long price,
                          ProductStatus status, Instant createdAt, Instant updatedAt) {

    static ProductView of(Product p) {
        return new ProductView(p.id(), p.name(), p.description(), p.category(), p.brand(), p.price(), p.status(),
                p.createdAt(), p.updatedAt());
    }
}
