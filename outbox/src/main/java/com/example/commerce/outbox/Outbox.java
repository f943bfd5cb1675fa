package com.example.commerce.outbox;

import com.example.commerce.contract.EventEnvelope;
import com.example.commerce.contract.EventType;
import com.example.commerce.platform.trace.TraceParent;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.TransactionStatus;
import io.micronaut.transaction.support.TransactionSynchronization;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes events to the transactional outbox. Only ever called inside the transaction of the change the event
 * describes, so the event exists if and only if the change was committed; outbox-relay-fn publishes it.
 *
 * <p>The events {@link #append}ed in a transaction are written when it commits, all in one statement, in the order
 * they were appended: a transaction that writes several (a reservation and each stock level it changed, a payment
 * and its order's status) costs the database one insert instead of one per event (BENCHMARKS.md, the saga). A
 * write that fails fails the commit, which rolls the whole transaction back, as a failed insert at append time
 * would have. The rows are not visible in the transaction before that: nothing reads the outbox but the relay.
 */
@Singleton
public class Outbox {

    private static final String INSERT_ONE = """
            INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type, event,
                                headers, occurred_at)
            VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?)""";
    private static final String INSERT_MANY = """
            INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type, event,
                                headers, occurred_at)
            SELECT e.event_id, e.topic, e.aggregate_type, e.aggregate_id, e.aggregate_version, e.event_type,
                   CAST(e.event AS jsonb), CAST(e.headers AS jsonb), e.occurred_at
            FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[],
                        ?::timestamptz[]) WITH ORDINALITY
                 AS e(event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type, event, headers,
                      occurred_at, position)
            ORDER BY e.position""";

    private final ObjectMapper objectMapper;
    private final TransactionOperations<Connection> transactions;
    /** The events appended in each open transaction, by its connection (joined transactions share it). */
    private final Map<Connection, PendingRows> pending = new ConcurrentHashMap<>();
    private final Clock clock;

    public Outbox(ObjectMapper objectMapper, TransactionOperations<Connection> transactions) {
        this.objectMapper = objectMapper;
        this.transactions = transactions;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param type             the event type: its topic, aggregate type and current schema version go with it
     * @param aggregateVersion the aggregate's version after the change, incremented in the same transaction:
     *                         consumers use it to order events and to ignore stale ones
     * @param payload          the type's payload record (com.example.commerce.contract)
     * @return the event as it will be published once the transaction commits
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <P> EventEnvelope<P> append(EventType type, String aggregateId, long aggregateVersion, P payload) {
        // Microseconds: what PostgreSQL stores, so the published event and the row agree exactly.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var envelope = new EventEnvelope<>(UUID.randomUUID(), type.name(), type.aggregateType(), aggregateId,
                aggregateVersion, now, type.schemaVersion(), payload);
        // Each event is a span of the trace that caused it (the HTTP request), or starts one.
        TraceParent trace = TraceParent.current().map(TraceParent::child).orElseGet(TraceParent::newTrace);
        pendingRows().rows.add(row(type, envelope, trace));
        return envelope;
    }

    /** The current transaction's rows to write, registered to be written before it commits on first use. */
    private PendingRows pendingRows() {
        TransactionStatus<?> status = transactions.findTransactionStatus()
                .orElseThrow(() -> new IllegalStateException("No transaction to append outbox events in"));
        Connection connection = (Connection) status.getConnection();
        return pending.computeIfAbsent(connection, key -> {
            var rows = new PendingRows(key);
            status.registerSynchronization(rows);
            return rows;
        });
    }

    /** One event's outbox row, as inserted. */
    private record Row(UUID eventId, String topic, String aggregateType, String aggregateId,
                              long aggregateVersion, String eventType, String event, String headers,
                              Instant occurredAt) {
    }

    /** A transaction's events: written just before it commits, forgotten once it ends either way. */
    private final class PendingRows implements TransactionSynchronization {

        final Connection connection;
        final List<Row> rows = new ArrayList<>();

        PendingRows(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            try {
                insert(connection, rows);
            } catch (SQLException e) {
                throw new DataAccessException("Cannot write " + rows.size() + " outbox events: " + e.getMessage(),
                        e);
            }
        }

        @Override
        public void afterCompletion(Status status) {
            pending.remove(connection, this);
        }
    }

    /** The row of an event: the envelope and the trace headers as the relay publishes them. */
    private Row row(EventType type, EventEnvelope<?> envelope, TraceParent trace) {
        try {
            return new Row(envelope.eventId(), type.topic(), type.aggregateType(), envelope.aggregateId(),
                    envelope.aggregateVersion(), type.name(), objectMapper.writeValueAsString(envelope),
                    objectMapper.writeValueAsString(Map.of(TraceParent.HEADER, trace.header())),
                    envelope.occurredAt());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize " + type.name() + " event", e);
        }
    }

    /** Inserts the rows in one statement, in the order given. */
    private static void insert(Connection connection, List<Row> rows) throws SQLException {
        if (rows.size() == 1) {
            insertOne(connection, rows.get(0));
        } else if (!rows.isEmpty()) {
            insertMany(connection, rows);
        }
    }

    private static void insertOne(Connection connection, Row row) throws SQLException {
        try (var insert = connection.prepareStatement(INSERT_ONE)) {
            insert.setObject(1, row.eventId());
            insert.setString(2, row.topic());
            insert.setString(3, row.aggregateType());
            insert.setString(4, row.aggregateId());
            insert.setLong(5, row.aggregateVersion());
            insert.setString(6, row.eventType());
            insert.setString(7, row.event());
            insert.setString(8, row.headers());
            insert.setObject(9, OffsetDateTime.ofInstant(row.occurredAt(), ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    /**
     * The columns go as one array each, typed: PostgreSQL's driver sends a {@code String[]} or {@code Long[]} in
     * its binary form, where an {@code Object[]} is written out as an array literal, every quote of every event's
     * JSON escaped (and parsed back by the server): 7% of notification-fn's CPU draining a backlog.
     */
    private static void insertMany(Connection connection, List<Row> rows) throws SQLException {
        int size = rows.size();
        var eventIds = new UUID[size];
        var topics = new String[size];
        var aggregateTypes = new String[size];
        var aggregateIds = new String[size];
        var aggregateVersions = new Long[size];
        var eventTypes = new String[size];
        var events = new String[size];
        var headers = new String[size];
        var occurredAt = new OffsetDateTime[size];
        for (int i = 0; i < size; i++) {
            Row row = rows.get(i);
            eventIds[i] = row.eventId();
            topics[i] = row.topic();
            aggregateTypes[i] = row.aggregateType();
            aggregateIds[i] = row.aggregateId();
            aggregateVersions[i] = row.aggregateVersion();
            eventTypes[i] = row.eventType();
            events[i] = row.event();
            headers[i] = row.headers();
            occurredAt[i] = OffsetDateTime.ofInstant(row.occurredAt(), ZoneOffset.UTC);
        }
        try (var insert = connection.prepareStatement(INSERT_MANY)) {
            insert.setArray(1, connection.createArrayOf("uuid", eventIds));
            insert.setArray(2, connection.createArrayOf("text", topics));
            insert.setArray(3, connection.createArrayOf("text", aggregateTypes));
            insert.setArray(4, connection.createArrayOf("text", aggregateIds));
            insert.setArray(5, connection.createArrayOf("bigint", aggregateVersions));
            insert.setArray(6, connection.createArrayOf("text", eventTypes));
            insert.setArray(7, connection.createArrayOf("text", events));
            insert.setArray(8, connection.createArrayOf("text", headers));
            insert.setArray(9, connection.createArrayOf("timestamptz", occurredAt));
            insert.executeUpdate();
        }
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
        var rows = new ArrayList<Row>(events.size());
        for (NewEvent<P> event : events) {
            var envelope = new EventEnvelope<>(UUID.randomUUID(), type.name(), type.aggregateType(),
                    event.aggregateId(), event.aggregateVersion(), now, type.schemaVersion(), event.payload());
            envelopes.add(envelope);
            rows.add(row(type, envelope, event.cause().map(TraceParent::child).orElseGet(TraceParent::newTrace)));
        }
        insert(connection, rows);
        return envelopes;
    }
}
