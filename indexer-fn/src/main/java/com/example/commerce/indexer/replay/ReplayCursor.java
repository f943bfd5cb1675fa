package com.example.commerce.indexer.replay;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.util.UUID;

/**
 * Where a running replay stands: its {@link Phase}, its position in each partition ({@code partitions}, JSON of
 * {@link PartitionProgress}), what it has read and applied, and the target it builds. order-api records the job;
 * this function moves the cursor.
 */
@MappedEntity("replay_jobs")
public record ReplayCursor(@Id UUID id, String readModel, String status, Phase phase, @Nullable String target,
                           String partitions, long eventsRead, long applied, long afterId, int verifyAttempts,
                           @Nullable String verification, @Nullable String previous, int pieces) {

    /** The steps of a replay, in order. */
    public enum Phase {
        /** Recorded by order-api, nothing done yet. */
        REQUESTED,
        /** From offset 0 up to the end offsets taken when the replay began, into the new target. */
        READING,
        /** Up to the end offsets taken again, into the new target. */
        CATCHING_UP,
        /** The new target compared with the database; a difference goes back to catching up, a few times. */
        VERIFYING,
        /** The new target takes the old one's place. */
        SWAPPING,
        /** Messages: up to the end offsets taken after the swap, so nothing between the last read and the swap is missing. */
        FOLLOWING_UP,
        /** Product metrics: the product documents rewritten with the swapped-in metrics. */
        REFRESHING,
        DONE
    }
}
