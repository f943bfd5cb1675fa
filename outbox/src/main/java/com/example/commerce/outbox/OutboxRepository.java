package com.example.commerce.outbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OutboxRepository extends GenericRepository<OutboxRow, Long> {

    @Query("""
            INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type, event,
                                headers, occurred_at)
            VALUES (:eventId, :topic, :aggregateType, :aggregateId, :aggregateVersion, :eventType,
                    CAST(:event AS jsonb), CAST(:headers AS jsonb), :occurredAt)""")
    void insert(UUID eventId, String topic, String aggregateType, String aggregateId, long aggregateVersion,
                String eventType, String event, String headers, Instant occurredAt);
}
