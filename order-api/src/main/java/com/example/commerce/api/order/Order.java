package com.example.commerce.api.order;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** An order. {@code version} is the aggregate version carried by its events. */
@MappedEntity("orders")
public record Order(
        @Id @GeneratedValue Long id,
        long userId,
        OrderStatus status,
        long totalAmount,
        long version,
        @Nullable String idempotencyKey,
        @Nullable String requestHash,
        @Nullable CancellationReason cancellationReason,
        @DateCreated(truncatedTo = ChronoUnit.MICROS) Instant createdAt,
        @DateUpdated(truncatedTo = ChronoUnit.MICROS) Instant updatedAt) {

    Order withStatus(OrderStatus next, @Nullable CancellationReason reason) {
        return new Order(id, userId, next, totalAmount, version + 1, idempotencyKey, requestHash, reason, createdAt,
                updatedAt);
    }

    /** The same order with its next event version (an event that changes no status). */
    Order nextVersion() {
        return new Order(id, userId, status, totalAmount, version + 1, idempotencyKey, requestHash,
                cancellationReason, createdAt, updatedAt);
    }
}
