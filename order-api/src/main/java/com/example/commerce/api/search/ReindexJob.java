package com.example.commerce.api.search;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** A full rebuild of the product index: its progress ({@code indexed} of {@code total}) and outcome. */
@Serdeable
@MappedEntity("reindex_jobs")
public record ReindexJob(@Id UUID id, Status status, long total, long indexed, @Nullable String indexName,
                         @Nullable String error, Instant startedAt, @Nullable Instant finishedAt) {

    public enum Status { RUNNING, SUCCEEDED, FAILED }
}
