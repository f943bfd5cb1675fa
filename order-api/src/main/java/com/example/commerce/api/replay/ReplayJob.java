package com.example.commerce.api.replay;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A replay of a read model as the API shows it: its phase, its position in each partition of the source topics
 * ({@code read} of {@code end}, the end offset of the current round), what it read and applied, what verification
 * found, and the outcome; {@code deadLettered} counts the records of the log it could never apply (the ones the
 * live consumer dead-letters), {@code deadLetters} shows the last 20 of them recorded.
 */
@Serdeable
public record ReplayJob(UUID id, String readModel, String status, String phase, @Nullable String target,
                        List<Partition> partitions, long eventsRead, long applied, int verifyAttempts,
                        @Nullable String verification, @Nullable String error, Instant startedAt,
                        @Nullable Instant finishedAt, long deadLettered, List<DeadLetter> deadLetters) {

    /** The replay's position in one partition: the next offset to read and the offset it reads up to. */
    @Serdeable
    public record Partition(String topic, int partition, long read, long end) {
    }

    /** A record the replay could never apply: where it is in the log, the message it names if any, and why. */
    @Serdeable
    public record DeadLetter(String topic, int partition, long offset, @Nullable Long messageId, String error) {
    }
}
