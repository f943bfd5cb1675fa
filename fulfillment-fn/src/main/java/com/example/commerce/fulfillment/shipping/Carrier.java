package com.example.commerce.fulfillment.shipping;

/**
 * The port to the carrier that books and cancels shipments. Calls are idempotent by order: booking an order that
 * is already booked returns the same reference, and cancelling twice is one cancellation, so a retried event
 * never books two parcels.
 */
public interface Carrier {

    /** @return the carrier's booking reference */
    String schedule(long orderId);

    void cancel(long orderId, String reference);
}
