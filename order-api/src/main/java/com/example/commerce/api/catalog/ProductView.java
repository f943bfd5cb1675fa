package com.example.commerce.api.catalog;

import com.example.commerce.inventory.StockLevel;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A product as the API shows it.
 *
 * @param available what orders can still reserve (on hand less reserved); null when the product's stock is not
 *                  tracked (always available)
 */
@Serdeable
public record ProductView(long id, String name, String description, String category, String brand, long price,
                          ProductStatus status, Instant createdAt, Instant updatedAt, @Nullable Long available) {

    static ProductView of(Product p, StockLevel stock) {
        return new ProductView(p.id(), p.name(), p.description(), p.category(), p.brand(), p.price(), p.status(),
                p.createdAt(), p.updatedAt(), stock.available());
    }
}
