package com.example.commerce.inventory;

/**
 * What {@link Inventory#reserve} found or decided.
 *
 * @param status  the order's reservation status after the call
 * @param decided true if this call decided it; false if the order already had a reservation (nothing changed)
 */
public record ReservationOutcome(ReservationStatus status, boolean decided) {
}
