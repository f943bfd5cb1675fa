package com.example.commerce.fulfillment.shipping;

/** Where an order's shipment stands. */
public enum ShipmentStatus {
    /** The carrier booked it. */
    SCHEDULED,
    /** The carrier has the parcel. */
    SHIPPED,
    /** The carrier delivered it. Final. */
    DELIVERED,
    /** Cancelled with the carrier, or recorded as never to be scheduled (no carrier reference). Final. */
    CANCELLED
}
