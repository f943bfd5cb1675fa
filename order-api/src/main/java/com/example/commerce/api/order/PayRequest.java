package com.example.commerce.api.order;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The optional body of a pay request: the gateway's token of the payment method (never card data). */
@Serdeable
public record PayRequest(@Nullable String paymentToken) {
}
