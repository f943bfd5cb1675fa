package com.example.commerce.consumer.idempotency;

import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

import java.time.Instant;
import java.util.UUID;

/** That a consumer has applied an event: the record behind idempotent consumption. */
@MappedEntity("processed_events")
public record ProcessedEvent(@EmbeddedId Key id, Instant processedAt) {

    @Embeddable
    public record Key(@MappedProperty("consumer") String consumer, @MappedProperty("event_id") UUID eventId) {
    }
}
