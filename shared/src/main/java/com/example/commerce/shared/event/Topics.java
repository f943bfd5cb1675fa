package com.example.commerce.shared.event;

/** Kafka topics of the system. */
public final class Topics {

    /** Order lifecycle events, keyed by order id. */
    public static final String ORDER_EVENTS = "order-events";
    /** Catalog events (products, likes, views), keyed by product id. */
    public static final String CATALOG_EVENTS = "catalog-events";
    /** Order events that notification-fn could never process, with headers saying where from and why. */
    public static final String ORDER_EVENTS_DLQ = "order-events-dlq";

    private Topics() {
    }
}
