package com.example.commerce.api.saga;

/** The names of the saga's steps, as order_sagas.step and order_saga_steps.step hold them. */
public final class Steps {

    public static final String ORDER_PLACED = "ORDER_PLACED";
    public static final String PAYMENT = "PAYMENT";
    public static final String STOCK = "STOCK";
    public static final String SHIPMENT = "SHIPMENT";
    public static final String ORDER_SHIPPED = "ORDER_SHIPPED";
    public static final String ORDER_DELIVERED = "ORDER_DELIVERED";
    public static final String ORDER_CANCELLED = "ORDER_CANCELLED";
    /** Compensation, in reverse order. */
    public static final String CANCEL_SHIPMENT = "CANCEL_SHIPMENT";
    public static final String REFUND = "REFUND";
    public static final String RELEASE_STOCK = "RELEASE_STOCK";
    public static final String RETRY = "RETRY";

    /** Outcomes of a history entry. */
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
    public static final String SKIPPED = "SKIPPED";

    private Steps() {
    }
}
