package com.example.commerce.consumer.idempotency;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ProcessedEventRepository extends GenericRepository<ProcessedEvent, ProcessedEvent.Key> {

    /** @return 1 if the row was inserted, 0 if the consumer had already recorded this event */
    @Query("INSERT INTO processed_events (consumer, event_id) VALUES (:consumer, :eventId) ON CONFLICT DO NOTHING")
    int insertIfAbsent(String consumer, UUID eventId);

    @Query("SELECT EXISTS (SELECT 1 FROM processed_events WHERE consumer = :consumer AND event_id = :eventId)")
    boolean exists(String consumer, UUID eventId);

    /**
     * Deletes one chunk of the consumer's marks written before the cutoff; call until it returns less than limit.
     * SKIP LOCKED: instances cleaning at the same time take different rows instead of waiting on each other.
     */
    @Query("""
            DELETE FROM processed_events WHERE (consumer, event_id) IN (
                SELECT consumer, event_id FROM processed_events
                WHERE consumer = :consumer AND processed_at < :cutoff
                ORDER BY processed_at LIMIT :limit FOR UPDATE SKIP LOCKED)""")
    int deleteProcessedBefore(String consumer, Instant cutoff, int limit);
}
