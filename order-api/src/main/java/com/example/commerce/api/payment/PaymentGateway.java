package com.example.commerce.api.payment;

/**
 * The payment provider, as order-api needs it. Every call carries an idempotency key: repeating a call with the
 * same key never charges or refunds twice, it returns the first call's result. Called outside any database
 * transaction (a remote call must not hold locks).
 */
public interface PaymentGateway {

    /** The answer to a charge. */
    sealed interface Charge permits Captured, Declined, TimedOut {
    }

    /** The amount was captured; {@code reference} is the gateway's. */
    record Captured(String reference) implements Charge, Lookup {
    }

    /** The gateway refused (the charge, or the refund). */
    record Declined(String reason) implements Charge, Lookup, Refund {
    }

    /** No answer in time: the charge may or may not have been taken; {@link #lookup} tells later. */
    record TimedOut() implements Charge {
    }

    /** What the gateway knows of a charge. */
    sealed interface Lookup permits Captured, Declined, NotFound {
    }

    /** The gateway never received a charge with this key. */
    record NotFound() implements Lookup {
    }

    /** The answer to a refund. */
    sealed interface Refund permits Refunded, Declined {
    }

    record Refunded(String reference) implements Refund {
    }

    /** Charges {@code amount} with the payment method {@code token}. A time-out is answered, not thrown. */
    Charge charge(String idempotencyKey, long amount, String token);

    /** The outcome of an earlier charge. */
    Lookup lookup(String idempotencyKey);

    /** Refunds a captured charge. */
    Refund refund(String idempotencyKey, String chargeReference, long amount);
}
