package com.example.commerce.api.payment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** What the sandbox gateway recorded for one idempotency key (a charge or a refund). */
@MappedEntity("sandbox_gateway_operations")
record SandboxOperation(@Id String idempotencyKey, String kind, String token, long amount, String outcome,
                        @Nullable String reference, int attempts) {
}
