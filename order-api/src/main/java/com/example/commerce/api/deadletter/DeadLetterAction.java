package com.example.commerce.api.deadletter;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** One replay or discard of a dead letter, as audited: who, when, which record and where it came from. */
@MappedEntity("dead_letter_actions")
public record DeadLetterAction(@Id @GeneratedValue @Nullable Long id, String dlqTopic, int dlqPartition,
                               long dlqOffset, String action, String actor, Instant actedAt,
                               @Nullable String originalTopic, @Nullable Integer originalPartition,
                               @Nullable Long originalOffset, @Nullable String eventId) {

    public static final String REPLAYED = "REPLAYED";
    public static final String DISCARDED = "DISCARDED";
}
