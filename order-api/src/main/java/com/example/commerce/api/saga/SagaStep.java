package com.example.commerce.api.saga;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** One entry of an order's saga history (order_saga_steps). */
@MappedEntity("order_saga_steps")
public record SagaStep(@Id @GeneratedValue Long id, long orderId, String step, String status, @Nullable String detail,
                       @DateCreated(truncatedTo = ChronoUnit.MICROS) Instant occurredAt) {
}
