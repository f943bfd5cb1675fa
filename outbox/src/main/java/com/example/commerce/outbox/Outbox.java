package com.example.commerce.outbox;

import com.example.commerce.contract.EventEnvelope;
import com.example.commerce.contract.EventType;
import com.example.commerce.platform.trace.TraceParent;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes events to the transactional outbox. Only ever called inside the transaction of the change the event
 * describes, so the event exists if and only if the change was committed; outbox-relay-fn publishes it.
 */
@Singleton
public class Outbox {

    private final OutboxRepository repository;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    public Outbox(OutboxRepository repository, ObjectMapper objectMapper) {
        this.repository = repository;
        this.objectMapper = objectMapper;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param type             the event type: its topic, aggregate type and current schema version go with it
     * @param aggregateVersion the aggregate's version after the change, incremented in the same transaction:
     *                         consumers use it to order events and to ignore stale ones
     * @param payload          the type's payload record (com.example.commerce.contract)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <P> EventEnvelope<P> append(EventType type, String aggregateId, long aggregateVersion, P payload) {
        String topic = type.topic();
        String aggregateType = type.aggregateType();
        String eventType = type.name();
        // Microseconds: what PostgreSQL stores, so the published event and the row agree exactly.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var envelope = new EventEnvelope<>(UUID.randomUUID(), eventType, aggregateType, aggregateId,
                aggregateVersion, now, type.schemaVersion(), payload);
        // Each event is a span of the trace that caused it (the HTTP request), or starts one.
        TraceParent trace = TraceParent.current().map(TraceParent::child).orElseGet(TraceParent::newTrace);
        Map<String, String> headers = Map.of(TraceParent.HEADER, trace.header());
        try {
            repository.insert(envelope.eventId(), topic, aggregateType, aggregateId, aggregateVersion, eventType,
                    objectMapper.writeValueAsString(envelope), objectMapper.writeValueAsString(headers), now);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize " + eventType + " event", e);
        }
        return envelope;
    }

    /**
     * One event of {@link #appendAll}.
     *
     * @param cause the trace the event continues (e.g. that of the consumed record that caused it); a new trace if
     *              empty
     */
    public record NewEvent<P>(String aggregateId, long aggregateVersion, P payload, Optional<TraceParent> cause) {
    }

    /**
     * {@link #append} for many events of one type, in one statement: rows in the order given. For a consumer that
     * writes the effects of a whole batch of records in one transaction, where each event continues the trace of
     * its own record rather than the current one.
     *
     * @param connection the connection of the change's transaction (the caller's; nothing is committed here)
     */
    public <P> List<EventEnvelope<P>> appendAll(Connection connection, EventType type, List<NewEvent<P>> events)
            throws SQLException {
        if (events.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var envelopes = new ArrayList<EventEnvelope<P>>(events.size());
        int size = events.size();
        UUID[] ids = new UUID[size];
        String[] aggregateIds = new String[size];
        Long[] versions = new Long[size];
        String[] bodies = new String[size];
        String[] headers = new String[size];
        for (int i = 0; i < size; i++) {
            NewEvent<P> event = events.get(i);
            var envelope = new EventEnvelope<>(UUID.randomUUID(), type.name(), type.aggregateType(),
                    event.aggregateId(), event.aggregateVersion(), now, type.schemaVersion(), event.payload());
            TraceParent trace = event.cause().map(TraceParent::child).orElseGet(TraceParent::newTrace);
            envelopes.add(envelope);
            ids[i] = envelope.eventId();
            aggregateIds[i] = event.aggregateId();
            versions[i] = event.aggregateVersion();
            try {
                bodies[i] = objectMapper.writeValueAsString(envelope);
                headers[i] = objectMapper.writeValueAsString(Map.of(TraceParent.HEADER, trace.header()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot serialize " + type.name() + " event", e);
            }
        }
        try (var insert = connection.prepareStatement("""
                INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type, event,
                                    headers, occurred_at)
                SELECT e.event_id, ?, ?, e.aggregate_id, e.aggregate_version, ?, CAST(e.event AS jsonb),
                       CAST(e.headers AS jsonb), ?
                FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::text[], ?::text[]) WITH ORDINALITY
                     AS e(event_id, aggregate_id, aggregate_version, event, headers, position)
                ORDER BY e.position""")) {
            insert.setString(1, type.topic());
            insert.setString(2, type.aggregateType());
            insert.setString(3, type.name());
            insert.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            insert.setArray(5, connection.createArrayOf("uuid", ids));
            insert.setArray(6, connection.createArrayOf("text", aggregateIds));
            insert.setArray(7, connection.createArrayOf("bigint", versions));
            insert.setArray(8, connection.createArrayOf("text", bodies));
            insert.setArray(9, connection.createArrayOf("text", headers));
            insert.executeUpdate();
        }
        return envelopes;
    }
}
