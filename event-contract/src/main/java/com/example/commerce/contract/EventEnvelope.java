package com.example.commerce.contract;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/**
 * Every event on every topic: metadata that consumers use for idempotency (eventId), ordering
 * (aggregateVersion) and dispatch (eventType), around a payload whose shape the event type ({@link EventType})
 * and schema version define. {@code events/events.schema.json} describes each event type; each topic's reader
 * ({@code OrderEventReader}, {@code CatalogEventReader}) reads it.
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
