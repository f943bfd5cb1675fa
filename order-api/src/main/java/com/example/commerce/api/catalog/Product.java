package com.example.commerce.api.catalog;

import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** A catalog product. {@code version} is the aggregate version carried by its events. */
@MappedEntity("products")
public record Product(
        @Id @GeneratedValue Long id,
        String name,
        String description,
        String category,
        String brand,
        long price,
        ProductStatus status,
        long version,
        @DateCreated(truncatedTo = ChronoUnit.MICROS) Instant createdAt,
        @DateUpdated(truncatedTo = ChronoUnit.MICROS) Instant updatedAt) {

    Product with(ProductRequest request, ProductStatus newStatus) {
        return new Product(id, request.name(), request.descriptionOrEmpty(), request.category(), request.brand(),
                request.price(), newStatus, version + 1, createdAt, updatedAt);
    }

    Product withStatus(ProductStatus newStatus) {
        return new Product(id, name, description, category, brand, price, newStatus, version + 1, createdAt,
                updatedAt);
    }
}
