package com.example.commerce.inventory;

import io.micronaut.core.annotation.Introspected;

/** A tracked product's quantity that a reservation holds (or, for an order, requests). */
@Introspected
public record ReservationLine(long productId, long quantity) {
}
