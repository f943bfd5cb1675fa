package com.example.commerce.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.util.UUID;

/** One event waiting in (or already published from) the transactional outbox. */
@MappedEntity("outbox")
public record OutboxRow(
        @Id Long id,
        UUID eventId,
        String topic,
        String aggregateType,
        String aggregateId,
        long aggregateVersion,
        String eventType,
        @TypeDef(type = DataType.JSON) String event,
        // Kafka headers sent besides the relay's own (traceparent): a JSON object of strings.
        @TypeDef(type = DataType.JSON) String headers,
        Instant occurredAt,
        @Nullable Instant publishedAt,
        int attempts) {
}
