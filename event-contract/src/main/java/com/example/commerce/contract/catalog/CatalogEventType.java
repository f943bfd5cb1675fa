package com.example.commerce.contract.catalog;

import com.example.commerce.contract.EventFamily;
import com.example.commerce.contract.EventType;
import com.example.commerce.contract.Topics;

import java.util.Optional;

/** The event types of topic catalog-events, all about a product; the comment names each one's payload. */
public enum CatalogEventType implements EventType {

    /** {@link ProductPayload}. */
    PRODUCT_CREATED(1),
    /** {@link ProductPayload}. */
    PRODUCT_UPDATED(1),
    /** {@link ProductPayload}, status INACTIVE: products are deactivated, never removed. */
    PRODUCT_DELETED(1),
    /** {@link LikePayload}. */
    PRODUCT_LIKED(1),
    /** {@link LikePayload}. */
    PRODUCT_UNLIKED(1),
    /** {@link ViewPayload}. Version 2: {@code count} is always there (version 1 left it out for one view). */
    PRODUCT_VIEWED(2);

    public static final String AGGREGATE_TYPE = "Product";
    private static final EventFamily FAMILY = new EventFamily(Topics.CATALOG_EVENTS, AGGREGATE_TYPE);

    private final int schemaVersion;

    CatalogEventType(int schemaVersion) {
        this.schemaVersion = schemaVersion;
    }

    @Override
    public EventFamily family() {
        return FAMILY;
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    /** The type named by an envelope's eventType, or empty if the topic has no such type. */
    public static Optional<CatalogEventType> named(String eventType) {
        return EventType.named(CatalogEventType.class, eventType);
    }
}
