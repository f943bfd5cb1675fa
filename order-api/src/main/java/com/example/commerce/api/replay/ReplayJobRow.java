package com.example.commerce.api.replay;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A replay job's row as this side reads it: recorded here, moved by indexer-fn. */
@MappedEntity("replay_jobs")
public record ReplayJobRow(@Id UUID id, String readModel, String status, String phase, @Nullable String target,
                           String partitions, long eventsRead, long applied, int verifyAttempts,
                           @Nullable String verification, @Nullable String error, Instant startedAt,
                           @Nullable Instant finishedAt) {
}
