package com.example.commerce.api.payment;

import java.util.regex.Pattern;

/** The sandbox's test tokens; a real gateway's tokens have the same shape. */
public final class PaymentTokens {

    /** Captures. The token of a pay request without one. */
    public static final String OK = "tok_ok";
    /** Declined by the issuer. */
    public static final String DECLINE = "tok_decline";
    /** Captured, but the answer comes after commerce.payments.gateway-timeout: the caller times out. */
    public static final String TIMEOUT = "tok_timeout";
    /** Captured; its first commerce.payments.sandbox.refund-declines refunds are declined. */
    public static final String REFUND_FAIL = "tok_refund_fail";

    private static final Pattern SHAPE = Pattern.compile("^tok_[a-z0-9_]{1,40}$");

    private PaymentTokens() {
    }

    public static boolean isWellFormed(String token) {
        return SHAPE.matcher(token).matches();
    }
}
