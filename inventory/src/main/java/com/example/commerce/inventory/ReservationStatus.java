package com.example.commerce.inventory;

/** Where an order's reservation stands. */
public enum ReservationStatus {
    /** Every tracked line is held (reserved). */
    RESERVED,
    /** A line did not fit: nothing is held. */
    REJECTED,
    /** The order was paid: the held quantities left the shelf. */
    DEDUCTED,
    /** The order was cancelled: whatever it held came back. Final. */
    RELEASED
}
