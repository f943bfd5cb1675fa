package com.example.commerce.outbox;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.UUID;

/** An outbox row the relay gave up on, with the reason. */
@Introspected
@Serdeable
public record ParkedEvent(long id, UUID eventId, String topic, String aggregateType, String aggregateId,
                          long aggregateVersion, String eventType, int attempts, String lastError,
                          Instant occurredAt, Instant parkedAt) {
}
