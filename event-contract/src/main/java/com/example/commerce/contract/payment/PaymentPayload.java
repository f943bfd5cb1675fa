package com.example.commerce.contract.payment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A payment attempt of an order after the change.
 *
 * @param status    PENDING, CAPTURED, FAILED, REFUNDED or REFUND_FAILED
 * @param reference the gateway's reference of the charge, null if it never took one
 * @param reason    why it failed (PAYMENT_FAILED, PAYMENT_REFUND_FAILED), else null
 */
@Serdeable
public record PaymentPayload(long orderId, long userId, long paymentId, long amount, @Nullable String status,
                             @Nullable String reference, @Nullable String reason) {

    public static final String PENDING = "PENDING";
    public static final String CAPTURED = "CAPTURED";
    public static final String FAILED = "FAILED";
    public static final String REFUNDED = "REFUNDED";
    public static final String REFUND_FAILED = "REFUND_FAILED";
}
