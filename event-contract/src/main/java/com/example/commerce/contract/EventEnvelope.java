package com.example.commerce.contract;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * Every event on every topic: metadata that consumers use for idempotency (eventId), ordering
 * (aggregateVersion) and dispatch (eventType), around a payload whose shape the event type defines. The JSON
 * Schemas in {@code schemas/events} describe each event type.
 *
 * @param <P> the payload type
 */
@Serdeable
public record EventEnvelope<P>(
        UUID eventId,
        String eventType,
        String aggregateType,
        String aggregateId,
        long aggregateVersion,
        Instant occurredAt,
        int schemaVersion,
        P payload) {
}
