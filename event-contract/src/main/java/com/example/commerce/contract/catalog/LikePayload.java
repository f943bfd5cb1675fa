package com.example.commerce.contract.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A user liked or stopped liking a product. Producers always write userId; {@link CatalogEventReader} does not
 * require it (consumers count likes per product).
 */
@Serdeable
public record LikePayload(long productId, @Nullable Long userId) implements CatalogPayload {
}
