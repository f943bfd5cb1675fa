package com.example.commerce.contract;

/** Kafka topics of the system. */
public final class Topics {

    /** Order lifecycle events, keyed by order id. */
    public static final String ORDER_EVENTS = "order-events";
    /** Catalog events (products, likes, views), keyed by product id. */
    public static final String CATALOG_EVENTS = "catalog-events";
    /**
     * Order events that a consumer (notification-fn, indexer-fn) could never process, with headers saying where
     * from, why and which consumer ({@code dlq.consumer}).
     */
    public static final String ORDER_EVENTS_DLQ = "order-events-dlq";
    /** Catalog events that indexer-fn could never process, with the same headers. */
    public static final String CATALOG_EVENTS_DLQ = "catalog-events-dlq";

    private Topics() {
    }
}
