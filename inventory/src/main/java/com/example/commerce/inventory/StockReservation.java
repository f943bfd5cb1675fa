package com.example.commerce.inventory;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** An order's reservation: what the inventory decided for it, and where it stands. */
@MappedEntity("stock_reservations")
public record StockReservation(@Id long orderId, ReservationStatus status, long version, Instant createdAt,
                               Instant updatedAt) {
}
