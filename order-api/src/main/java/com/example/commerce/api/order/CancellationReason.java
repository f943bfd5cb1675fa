package com.example.commerce.api.order;

/** Why an order was cancelled (the orders.cancellation_reason column, and ORDER_CANCELLED's payload). */
public enum CancellationReason {
    /** The customer cancelled it. */
    USER,
    /** An administrator cancelled it. */
    ADMIN,
    /** The inventory could not reserve its lines. */
    OUT_OF_STOCK,
    /** It was not paid within commerce.orders.payment-timeout. */
    PAYMENT_TIMEOUT
}
