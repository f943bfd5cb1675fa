package com.example.commerce.consumer.idempotency;

import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Exactly-once effects on top of at-least-once delivery. A consumer calls {@link #markProcessed} in the same
 * database transaction as its effect and applies the effect only when it returns true: a redelivered event then
 * finds its mark and changes nothing, and a rolled-back effect leaves no mark behind.
 */
@Singleton
public class ProcessedEvents {

    private final ProcessedEventRepository repository;

    public ProcessedEvents(ProcessedEventRepository repository) {
        this.repository = repository;
    }

    /**
     * Records that {@code consumer} handles {@code eventId}. Must run inside the transaction of the effect; called
     * outside one it fails rather than silently losing the guarantee.
     *
     * @return true on the first delivery, false if the event was already processed by this consumer
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markProcessed(String consumer, UUID eventId) {
        return repository.insertIfAbsent(consumer, eventId) == 1;
    }

    /**
     * {@link #markProcessed(String, UUID)} for a whole batch in one statement. The marks are inserted in event id
     * order, so two batches that share events lock them in the same order and cannot deadlock on each other.
     *
     * @param connection the connection of the effect's transaction (the caller's; nothing is committed here)
     * @param eventIds   may repeat an id: it is marked once
     * @return the ids marked now, i.e. those that no earlier delivery to this consumer had marked
     * @throws DataAccessException if the statement fails: unchecked, so that it rolls the caller's transaction back,
     *                             with the {@link SQLException} as its cause for the caller's poison rule
     */
    public Set<UUID> markProcessed(Connection connection, String consumer, Collection<UUID> eventIds) {
        var marked = new HashSet<UUID>();
        if (eventIds.isEmpty()) {
            return marked;
        }
        try (var insert = connection.prepareStatement("""
                INSERT INTO processed_events (consumer, event_id)
                SELECT ?, id FROM (SELECT DISTINCT id FROM unnest(?::uuid[]) AS id) AS ids ORDER BY id
                ON CONFLICT DO NOTHING
                RETURNING event_id""")) {
            insert.setString(1, consumer);
            insert.setArray(2, connection.createArrayOf("uuid", eventIds.toArray()));
            try (var rows = insert.executeQuery()) {
                while (rows.next()) {
                    marked.add(rows.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("Marking " + eventIds.size() + " events processed by " + consumer
                    + " failed: " + e.getMessage(), e);
        }
        return marked;
    }

    public boolean isProcessed(String consumer, UUID eventId) {
        return repository.exists(consumer, eventId);
    }
}
