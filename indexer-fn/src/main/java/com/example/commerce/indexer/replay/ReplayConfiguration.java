package com.example.commerce.indexer.replay;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.Set;

/**
 * Settings of the log replay ({@code commerce.replay.*}).
 *
 * @param maxPollRecords      records read and applied per step, and per heartbeat
 * @param pollTimeout         how long one read waits for records
 * @param verifyAttempts      rounds of catch-up and verification before a replay that never verifies fails
 * @param verifyRetryDelay    the pause before the catch-up that follows a verification that found a difference
 * @param enforceVerification the read models whose verification must pass before the swap; for the others its
 *                            figures are recorded only (where hand-made events share the topics, as in the test build)
 * @param pollInterval        how often the local poller looks for a requested job
 * @param resumeAfter         a job whose running piece has shown no progress for this long is taken over
 * @param abandonedAfter      a job silent for this long is failed by order-api as abandoned
 * @param lambdaSafetyMargin  on Lambda, a piece starts no step once the invocation has less time left than this
 */
@ConfigurationProperties("commerce.replay")
public record ReplayConfiguration(@Bindable(defaultValue = "1000") int maxPollRecords,
                                  @Bindable(defaultValue = "500ms") Duration pollTimeout,
                                  @Bindable(defaultValue = "20") int verifyAttempts,
                                  @Bindable(defaultValue = "3s") Duration verifyRetryDelay,
                                  @Bindable(defaultValue = "messages,product-metrics") Set<String> enforceVerification,
                                  @Bindable(defaultValue = "1s") Duration pollInterval,
                                  @Bindable(defaultValue = "2m") Duration resumeAfter,
                                  @Bindable(defaultValue = "5m") Duration abandonedAfter,
                                  @Bindable(defaultValue = "20s") Duration lambdaSafetyMargin) {
}
