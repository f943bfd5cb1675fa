package com.example.commerce.api.payment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One attempt to pay an order. The idempotency key ({@code order-<orderId>-<attempt>}) goes to the gateway with the
 * charge, so a repeated call never charges twice.
 */
@MappedEntity("payments")
public record Payment(
        @Id @GeneratedValue Long id,
        long orderId,
        int attempt,
        String idempotencyKey,
        long amount,
        String token,
        PaymentStatus status,
        @Nullable String gatewayReference,
        @Nullable String refundReference,
        @Nullable String failureReason,
        int refundAttempts,
        @DateCreated(truncatedTo = ChronoUnit.MICROS) Instant createdAt,
        @DateUpdated(truncatedTo = ChronoUnit.MICROS) Instant updatedAt) {

    public static String keyOf(long orderId, int attempt) {
        return "order-" + orderId + "-" + attempt;
    }

    /** The refund's own idempotency key: a repeated refund of this payment is one refund. */
    public String refundKey() {
        return "refund-" + idempotencyKey;
    }

    Payment captured(String reference) {
        return new Payment(id, orderId, attempt, idempotencyKey, amount, token, PaymentStatus.CAPTURED, reference,
                refundReference, null, refundAttempts, createdAt, updatedAt);
    }

    Payment failed(String reason) {
        return new Payment(id, orderId, attempt, idempotencyKey, amount, token, PaymentStatus.FAILED,
                gatewayReference, refundReference, reason, refundAttempts, createdAt, updatedAt);
    }

    Payment refunded(String reference) {
        return new Payment(id, orderId, attempt, idempotencyKey, amount, token, PaymentStatus.REFUNDED,
                gatewayReference, reference, null, refundAttempts + 1, createdAt, updatedAt);
    }

    /** A declined refund; {@code givenUp}: no further attempt is made until an operator retries. */
    Payment refundDeclined(String reason, boolean givenUp) {
        return new Payment(id, orderId, attempt, idempotencyKey, amount, token,
                givenUp ? PaymentStatus.REFUND_FAILED : status, gatewayReference, refundReference, reason,
                refundAttempts + 1, createdAt, updatedAt);
    }

    /** Whether the customer's money is held: a refund is owed when the order is cancelled. */
    public boolean needsRefund() {
        return status == PaymentStatus.CAPTURED || status == PaymentStatus.REFUND_FAILED;
    }
}
