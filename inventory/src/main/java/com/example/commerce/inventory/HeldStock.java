package com.example.commerce.inventory;

import io.micronaut.core.annotation.Introspected;

import java.time.Instant;

/** A line of a reservation and its product's stock row, read and locked together ({@link StockRepository#lockHeld}). */
@Introspected
record HeldStock(long productId, long quantity, boolean tracked, long onHand, long reserved, long version,
                 Instant updatedAt) {

    Stock stock() {
        return new Stock(productId, tracked, onHand, reserved, version, updatedAt);
    }

    ReservationLine line() {
        return new ReservationLine(productId, quantity);
    }
}
