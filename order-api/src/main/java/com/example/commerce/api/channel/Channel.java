package com.example.commerce.api.channel;

import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A channel of the collaboration space, the aggregate of platform.messages: {@code version} is the aggregate version
 * of its last event.
 */
@MappedEntity("channels")
public record Channel(
        @Id @GeneratedValue Long id,
        String name,
        boolean isPrivate,
        long ownerId,
        long version,
        @DateCreated(truncatedTo = ChronoUnit.MICROS) Instant createdAt) {

    public boolean isOwner(long userId) {
        return ownerId == userId;
    }
}
