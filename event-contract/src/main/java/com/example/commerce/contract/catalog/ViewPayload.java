package com.example.commerce.contract.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * Views counted together: {@code count} views since the product's last such event. userId is null: a counted
 * batch has no single viewer. Since schema version 2 count is always written; a version 1 event without it
 * counts one view ({@link ViewCountUpcaster}).
 */
@Serdeable
public record ViewPayload(long productId, @Nullable Long userId, long count) implements CatalogPayload {
}
