package com.example.commerce.indexer.reindex;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * Where a running reindex job stands: its {@link Phase}, the last product id written in that phase ({@code afterId}),
 * the products copied so far ({@code indexed}) and the index it builds. order-api records the job; this function
 * moves the cursor.
 */
@MappedEntity("reindex_jobs")
public record ReindexCursor(@Id UUID id, String status, Phase phase, long afterId, long indexed,
                            @Nullable String indexName, @Nullable Instant changedSince,
                            @Nullable String previousIndices, int pieces) {

    /** The steps of a rebuild, in order. */
    public enum Phase {
        /** Recorded by order-api, nothing done yet. */
        REQUESTED,
        /** Every product into the new concrete index, in id order. */
        COPYING,
        /** Products changed since the rebuild began into the new index, in id order. */
        CATCHING_UP,
        /** The alias moves to the new index. */
        SWAPPING,
        /** The same catch-up again, through the alias; then the old indices are deleted. */
        FOLLOWING_UP,
        DONE
    }
}
