package com.example.commerce.relay;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of the outbox relay ({@code commerce.relay.*}).
 *
 * @param batchSize       rows claimed per pass; one transaction, one pipelined round of sends
 * @param workers         passes run at once by one relay process, each with its own transaction and batch
 * @param maxAttempts     failed sends of a row (other than the broker being unreachable) before it is parked
 * @param backoffBase     first retry delay of a failed row; doubles per attempt, with jitter
 * @param backoffMax      longest retry delay
 * @param retention       how long published rows are kept before cleanup deletes them
 * @param cleanupBatch    rows deleted per cleanup statement, so no statement holds locks for long
 * @param sendTimeout     how long a pass waits for the broker's acknowledgements; at most {@code lambdaSafetyMargin}
 * @param lambdaSafetyMargin on Lambda, stop draining this long before the invocation's time-out: what is left for
 *                        the pass under way to finish its sends and commit
 * @param idlePause       on Lambda, the pause between polls of an empty outbox
 */
@ConfigurationProperties("commerce.relay")
public record RelayConfiguration(
        @Bindable(defaultValue = "1000") int batchSize,
        @Bindable(defaultValue = "2") int workers,
        @Bindable(defaultValue = "10") int maxAttempts,
        @Bindable(defaultValue = "1s") Duration backoffBase,
        @Bindable(defaultValue = "5m") Duration backoffMax,
        @Bindable(defaultValue = "7d") Duration retention,
        @Bindable(defaultValue = "1000") int cleanupBatch,
        @Bindable(defaultValue = "10s") Duration sendTimeout,
        @Bindable(defaultValue = "10s") Duration lambdaSafetyMargin,
        @Bindable(defaultValue = "200ms") Duration idlePause) {

    public RelayConfiguration {
        // A pass that may wait longer than the margin could run past the Lambda time-out, which kills it mid-pass
        // (the sent rows are then published again by the next invocation).
        if (sendTimeout.compareTo(lambdaSafetyMargin) > 0) {
            throw new IllegalArgumentException("commerce.relay.send-timeout (" + sendTimeout.toMillis()
                    + " ms) exceeds commerce.relay.lambda-safety-margin (" + lambdaSafetyMargin.toMillis()
                    + " ms): a relay pass could then outlast the Lambda time-out. Lower the send time-out or raise "
                    + "the margin (and the function's Timeout with it).");
        }
    }
}
