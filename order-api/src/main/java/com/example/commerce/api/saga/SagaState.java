package com.example.commerce.api.saga;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where an order's saga stands, as its orchestrator knows it (order_sagas).
 *
 * @param stockStatus     what the inventory reported: RESERVED, REJECTED, DEDUCTED, RELEASED, or null
 * @param shipmentStatus  what shipping reported: SCHEDULED, SHIPPED, DELIVERED, CANCELLED, or null
 * @param step            the compensation step waited for or being retried ({@link Steps})
 * @param nextAttemptAt   when the timer tries the step again; null when it waits for an event
 * @param paymentVersion  the aggregate version of the order's payment events
 */
@MappedEntity("order_sagas")
public record SagaState(
        @Id Long orderId,
        SagaStatus status,
        @Nullable String stockStatus,
        @Nullable String shipmentStatus,
        @Nullable String shipmentReference,
        @Nullable String step,
        int attempts,
        @Nullable Instant nextAttemptAt,
        @Nullable String lastError,
        long paymentVersion,
        @DateCreated(truncatedTo = ChronoUnit.MICROS) Instant createdAt,
        @DateUpdated(truncatedTo = ChronoUnit.MICROS) Instant updatedAt) {

    SagaState withStatus(SagaStatus next) {
        return new SagaState(orderId, next, stockStatus, shipmentStatus, shipmentReference, step, attempts,
                nextAttemptAt, lastError, paymentVersion, createdAt, updatedAt);
    }

    SagaState withStock(String stock) {
        return new SagaState(orderId, status, stock, shipmentStatus, shipmentReference, step, attempts,
                nextAttemptAt, lastError, paymentVersion, createdAt, updatedAt);
    }

    SagaState withShipment(String shipment, @Nullable String reference) {
        return new SagaState(orderId, status, stockStatus, shipment, reference, step, attempts, nextAttemptAt,
                lastError, paymentVersion, createdAt, updatedAt);
    }

    /** At {@code nextStep}, with a fresh attempt count; due at {@code due} (null: waits for an event). */
    SagaState atStep(@Nullable String nextStep, @Nullable Instant due) {
        return new SagaState(orderId, status, stockStatus, shipmentStatus, shipmentReference, nextStep, 0, due, null,
                paymentVersion, createdAt, updatedAt);
    }

    SagaState failedAttempt(int attemptsSoFar, @Nullable Instant due, String error) {
        return new SagaState(orderId, status, stockStatus, shipmentStatus, shipmentReference, step, attemptsSoFar,
                due, error, paymentVersion, createdAt, updatedAt);
    }

    SagaState dueAt(@Nullable Instant due) {
        return new SagaState(orderId, status, stockStatus, shipmentStatus, shipmentReference, step, attempts, due,
                lastError, paymentVersion, createdAt, updatedAt);
    }
}
