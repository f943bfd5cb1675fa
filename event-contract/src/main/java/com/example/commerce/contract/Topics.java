package com.example.commerce.contract;

/** Kafka topics of the system. */
public final class Topics {

    /** Order lifecycle events, keyed by order id. */
    public static final String ORDER_EVENTS = "order-events";
    /** Catalog events (products, likes, views), keyed by product id. */
    public static final String CATALOG_EVENTS = "catalog-events";
    /**
     * The inventory participant's events: an order's reservation (keyed by order id) and a product's stock level
     * (keyed by product id).
     */
    public static final String INVENTORY_EVENTS = "inventory-events";
    /** Payment attempts and refunds of an order, keyed by order id. */
    public static final String PAYMENT_EVENTS = "payment-events";
    /** An order's shipment, keyed by order id. */
    public static final String SHIPPING_EVENTS = "shipping-events";
    /**
     * Order events that a consumer (notification-fn, indexer-fn) could never process, with headers saying where
     * from, why and which consumer ({@code dlq.consumer}).
     */
    public static final String ORDER_EVENTS_DLQ = "order-events-dlq";
    /** Catalog events that indexer-fn could never process, with the same headers. */
    public static final String CATALOG_EVENTS_DLQ = "catalog-events-dlq";

    /** Inventory events that a consumer could never process, with the same headers. */
    public static final String INVENTORY_EVENTS_DLQ = "inventory-events-dlq";
    /** Payment events that a consumer could never process, with the same headers. */
    public static final String PAYMENT_EVENTS_DLQ = "payment-events-dlq";
    /** Shipping events that a consumer could never process, with the same headers. */
    public static final String SHIPPING_EVENTS_DLQ = "shipping-events-dlq";

    /**
     * The collaboration space's channel events (messages created, updated and deleted; members added and
     * removed), keyed by channel id. One topic, not one per event type: a channel's events stay in order under one
     * key only on one topic, so an edit can never overtake the creation it edits, nor a deletion the edit.
     */
    public static final String MESSAGES = "platform.messages";
    /** Channel events that a consumer could never process, with the same headers. */
    public static final String MESSAGES_DLQ = "platform.messages-dlq";

    /**
     * What users do (log-ins, channel joins, messages posted), keyed by user id: the source of the daily activity
     * counts (indexer-fn).
     */
    public static final String USER_ACTIVITY = "platform.users.activity";
    /** Activity events that a consumer could never process, with the same headers. */
    public static final String USER_ACTIVITY_DLQ = "platform.users.activity-dlq";
    /** One event per notification created (orders, payments, mentions), keyed by user id. */
    public static final String NOTIFICATIONS_SENT = "platform.notifications.sent";

    private Topics() {
    }
}
