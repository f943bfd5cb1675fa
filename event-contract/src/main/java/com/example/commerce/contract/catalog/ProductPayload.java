package com.example.commerce.contract.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * The whole product after the change: created, updated and deleted events carry the full document. Producers
 * write every field (the JSON Schema requires them); {@link CatalogEventReader} requires only the product id,
 * which is what consumers act on (the indexer reads the product itself), and the fields marked nullable are null
 * when a record leaves them out.
 *
 * @param status ACTIVE or INACTIVE
 */
@Serdeable
public record ProductPayload(long productId, @Nullable String name, @Nullable String description,
                             @Nullable String category, @Nullable String brand, @Nullable Long price,
                             @Nullable String status, @Nullable Instant createdAt, @Nullable Instant updatedAt)
        implements CatalogPayload {

    public static final String ACTIVE = "ACTIVE";
    public static final String INACTIVE = "INACTIVE";
}
