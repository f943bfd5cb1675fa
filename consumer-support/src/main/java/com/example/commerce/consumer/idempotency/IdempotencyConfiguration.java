package com.example.commerce.consumer.idempotency;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/**
 * Retention of the processed-event marks ({@code commerce.idempotency.*}).
 *
 * @param retention          how long a consumer keeps the mark of an event: a redelivery within it is absorbed, a
 *                           later one applied again. Keep it above the topics' retention (Kafka's default: 7 days)
 *                           and any replay window.
 * @param cleanupBatch       marks deleted per statement, so no statement holds locks for long
 * @param cleanupInterval    how often a consumer process deletes expired marks: on a schedule in a long-running
 *                           process; on Lambda after a batch, at most this often per instance
 * @param cleanupMaxDuration a cleanup run starts no new statement after this long (a Lambda invocation must end
 *                           in time); the rest waits for the next run
 */
@ConfigurationProperties("commerce.idempotency")
public record IdempotencyConfiguration(
        @Bindable(defaultValue = "7d") Duration retention,
        @Bindable(defaultValue = "1000") @Min(1) int cleanupBatch,
        @Bindable(defaultValue = "5m") Duration cleanupInterval,
        @Bindable(defaultValue = "10s") Duration cleanupMaxDuration) {
}
