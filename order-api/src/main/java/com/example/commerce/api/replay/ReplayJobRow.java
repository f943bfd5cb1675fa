package com.example.commerce.api.replay;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A replay job's row as this side reads it: recorded here, moved by indexer-fn; with the number of records the
 * replay could never apply and the last of them recorded ({@code deadLetters}, JSON of {@link ReplayJob.DeadLetter}).
 */
@MappedEntity("replay_jobs")
public record ReplayJobRow(@Id UUID id, String readModel, String status, String phase, @Nullable String target,
                           String partitions, long eventsRead, long applied, int verifyAttempts,
                           @Nullable String verification, @Nullable String error, Instant startedAt,
                           @Nullable Instant finishedAt, long deadLettered, String deadLetters) {
}
