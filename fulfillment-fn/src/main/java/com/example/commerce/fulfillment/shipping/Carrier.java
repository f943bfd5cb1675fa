package com.example.commerce.fulfillment.shipping;

import io.micronaut.core.annotation.Nullable;

/**
 * The port to the carrier that books and cancels shipments. Calls are idempotent by order: booking an order that
 * is already booked returns the same reference, and cancelling twice is one cancellation, so a retried event
 * never books two parcels.
 */
public interface Carrier {

    /** @return the carrier's booking reference */
    String schedule(long orderId);

    /**
     * Cancels the order's booking. {@code reference} null: whatever the carrier holds for the order, if anything (a
     * booking made by an attempt whose transaction rolled back left no reference behind).
     */
    void cancel(long orderId, @Nullable String reference);
}
