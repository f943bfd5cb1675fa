package com.example.commerce.indexer.replay;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.MappedEntity;

import java.util.UUID;

/** A record of the log that replay {@code jobId} read and could never apply ({@code replay_dead_letters}). */
@MappedEntity("replay_dead_letters")
public record ReplayDeadLetter(@EmbeddedId Key key, @Nullable Long messageId, String error) {

    /** The job and where the record is in the log. */
    @Embeddable
    public record Key(UUID jobId, String sourceTopic, int sourcePartition, long sourceOffset) {
    }
}
