package com.example.commerce.api.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/** Event types and payloads of topic catalog-events (aggregate type {@value #AGGREGATE_TYPE}). */
public final class CatalogEvents {

    public static final String AGGREGATE_TYPE = "Product";
    public static final String PRODUCT_CREATED = "PRODUCT_CREATED";
    public static final String PRODUCT_UPDATED = "PRODUCT_UPDATED";
    public static final String PRODUCT_DELETED = "PRODUCT_DELETED";
    public static final String PRODUCT_LIKED = "PRODUCT_LIKED";
    public static final String PRODUCT_UNLIKED = "PRODUCT_UNLIKED";
    public static final String PRODUCT_VIEWED = "PRODUCT_VIEWED";

    private CatalogEvents() {
    }

    /** The whole product after the change: created, updated and deleted events carry the full document. */
    @Serdeable
    public record ProductPayload(long productId, String name, String description, String category, String brand,
                                 long price, ProductStatus status, Instant createdAt, Instant updatedAt) {
        static ProductPayload of(Product p) {
            return new ProductPayload(p.id(), p.name(), p.description(), p.category(), p.brand(), p.price(),
                    p.status(), p.createdAt(), p.updatedAt());
        }
    }

    @Serdeable
    public record LikePayload(long productId, long userId) {
    }

    /**
     * Views counted together ({@link ProductViews}): {@code count} views since the product's last such event.
     * userId is null: a counted batch has no single viewer.
     */
    @Serdeable
    public record ViewPayload(long productId, @Nullable Long userId, long count) {
    }
}
