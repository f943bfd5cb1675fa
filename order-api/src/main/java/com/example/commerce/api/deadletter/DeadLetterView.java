package com.example.commerce.api.deadletter;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;

/**
 * A record of a dead-letter topic as the console shows it: where it is, its key and value as text, the dead-letter
 * headers of the shared convention (consumer-support's {@code DeadLetters}: original topic, partition and offset,
 * error, consumer), all its headers, and what operators did with it.
 *
 * @param value        the record's value as UTF-8 text; null when the value was dropped ({@code valueDropped})
 * @param eventId      the event's id when the value is an event envelope: what consumers deduplicate a replay by
 * @param status       null (untouched), REPLAYED or DISCARDED
 * @param replays      how often it was replayed
 */
@Serdeable
public record DeadLetterView(String topic, int partition, long offset, Instant timestamp, @Nullable String key,
                             @Nullable String value, boolean valueDropped, @Nullable String eventId,
                             @Nullable String eventType, @Nullable String error, @Nullable String consumer,
                             @Nullable String originalTopic, @Nullable Integer originalPartition,
                             @Nullable Long originalOffset, Map<String, String> headers, @Nullable String status,
                             int replays, @Nullable String updatedBy, @Nullable Instant updatedAt) {

    DeadLetterView withState(@Nullable DeadLetterState state) {
        if (state == null) {
            return this;
        }
        return new DeadLetterView(topic, partition, offset, timestamp, key, value, valueDropped, eventId, eventType,
                error, consumer, originalTopic, originalPartition, originalOffset, headers, state.status(),
                state.replays(), state.updatedBy(), state.updatedAt());
    }
}
