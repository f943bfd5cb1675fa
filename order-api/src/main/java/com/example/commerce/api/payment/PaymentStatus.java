package com.example.commerce.api.payment;

/** A payment attempt: PENDING until the gateway's answer is known; a CAPTURED one may be REFUNDED later. */
public enum PaymentStatus {
    PENDING, CAPTURED, FAILED, REFUNDED, REFUND_FAILED
}
