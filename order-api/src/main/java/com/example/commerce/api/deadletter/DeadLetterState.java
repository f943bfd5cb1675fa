package com.example.commerce.api.deadletter;

import io.micronaut.core.annotation.Introspected;

import java.time.Instant;

/** What became of a dead letter an operator acted on: REPLAYED (how often) or DISCARDED, by whom and when last. */
@Introspected
public record DeadLetterState(int dlqPartition, long dlqOffset, String status, int replays, String updatedBy,
                              Instant updatedAt) {
}
