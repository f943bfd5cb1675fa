package com.example.commerce.outbox;

import com.example.commerce.contract.inventory.InventoryEventType;
import com.example.commerce.contract.inventory.ReservationPayload;
import com.example.commerce.contract.inventory.StockLevelPayload;
import com.example.commerce.contract.message.MessageEventType;
import com.example.commerce.contract.message.MessagePayload;
import com.example.commerce.testsupport.Sql;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The outbox against the real (embedded) PostgreSQL: a transaction's events are written when it commits, in one
 * statement (PostgreSQL numbers the statements of a transaction: its rows share one command id, {@code cmin}), in
 * the order they were appended; nothing of a transaction that rolls back, or whose write fails.
 */
@MicronautTest(transactional = false)
class OutboxTest {

    @Inject
    Outbox outbox;

    @Inject
    TransactionOperations<Connection> transactions;

    @Inject
    DataSource contextual;

    Sql sql;
    long orderId;
    long productId;

    @BeforeEach
    void isolate() {
        sql = Sql.of(contextual);
        orderId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
        productId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }

    @Test
    void aTransactionsEventsAreWrittenAtCommitInOneStatementInTheOrderAppended() {
        List<UUID> appended = transactions.executeWrite(tx -> {
            UUID reserved = appendReserved(1).eventId();
            UUID level = outbox.append(InventoryEventType.STOCK_LEVEL_CHANGED, String.valueOf(productId), 7,
                    new StockLevelPayload(productId, true, 10L, 1L, 9L)).eventId();
            assertEquals(0, rowsIn(tx.getConnection(), List.of(reserved, level)),
                    "not even the transaction itself sees them before its commit");
            UUID deducted = outbox.append(InventoryEventType.STOCK_DEDUCTED, String.valueOf(orderId), 2,
                    new ReservationPayload(orderId, List.of(new ReservationPayload.Line(productId, 1)), null))
                    .eventId();
            return List.of(reserved, level, deducted);
        });

        Object ids = appended.toArray(UUID[]::new);
        assertEquals(appended, sql.list("SELECT event_id FROM outbox WHERE event_id = ANY (?) ORDER BY id",
                rows -> rows.getObject(1, UUID.class), ids));
        assertEquals(List.of("STOCK_RESERVED inventory-events Reservation " + orderId + " 1",
                        "STOCK_LEVEL_CHANGED inventory-events Stock " + productId + " 7",
                        "STOCK_DEDUCTED inventory-events Reservation " + orderId + " 2"),
                sql.list("""
                        SELECT event_type || ' ' || topic || ' ' || aggregate_type || ' ' || aggregate_id || ' '
                               || aggregate_version || ' ' || (event ->> 'eventId' = event_id::text)
                        FROM outbox WHERE event_id = ANY (?) ORDER BY id""",
                        rows -> rows.getString(1).replace(" true", ""), ids));
        assertEquals(1, sql.count("SELECT count(DISTINCT cmin::text) FROM outbox WHERE event_id = ANY (?)", ids),
                "one statement wrote them all");
    }

    /**
     * appendAll sends each column as one array; the event's JSON arrives as written whatever it holds (quotes,
     * backslashes, braces and commas of an array literal, Korean, emoji, line breaks).
     */
    @Test
    void eventsAppendedTogetherArriveAsSerialisedWhateverTheirText() throws Exception {
        long channelId = productId;
        var texts = List.of("\"quoted\", {braces}, back\\slash\\\\ and \\\" mixed", "무선 키보드 @민지 😀",
                "NULL", "", "line\nbreak\ttab", "'single' ,comma} {\"a\":[1,2]}");
        var createdAt = Instant.parse("2026-11-29T12:34:56.123456Z");
        var events = new ArrayList<Outbox.NewEvent<MessagePayload>>();
        for (int i = 0; i < texts.size(); i++) {
            events.add(new Outbox.NewEvent<>(String.valueOf(channelId), i + 1,
                    new MessagePayload(i + 1, channelId, 7, texts.get(i),
                            List.of(), List.of(), createdAt, null),
                    Optional.empty()));
        }
        var envelopes = transactions.executeWrite(tx -> outbox.appendAll(tx.getConnection(),
                MessageEventType.MESSAGE_CREATED, events));

        Object ids = envelopes.stream().map(envelope -> envelope.eventId()).toArray(UUID[]::new);
        assertEquals(texts, sql.list("SELECT event -> 'payload' ->> 'content' FROM outbox WHERE event_id = ANY (?) "
                + "ORDER BY id", rows -> rows.getString(1), ids));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), sql.list("SELECT aggregate_version FROM outbox "
                + "WHERE event_id = ANY (?) ORDER BY id", rows -> rows.getLong(1), ids));
        assertEquals(texts.size(), sql.count("SELECT count(*) FROM outbox WHERE event_id = ANY (?) "
                + "AND occurred_at = (event ->> 'occurredAt')::timestamptz AND headers ->> 'traceparent' IS NOT NULL", ids));
    }

    @Test
    void eventsAppendedInAJoinedTransactionAreWrittenWithTheOuterCommit() {
        List<UUID> appended = transactions.executeWrite(outer -> {
            UUID first = appendReserved(1).eventId();
            UUID second = transactions.executeWrite(inner -> appendDeducted().eventId());
            assertEquals(0, rowsIn(outer.getConnection(), List.of(first, second)),
                    "the inner transaction's end writes nothing");
            return List.of(first, second);
        });

        assertEquals(2, rowsOf(appended));
        assertEquals(1, sql.count("SELECT count(DISTINCT cmin::text) FROM outbox WHERE event_id = ANY (?)",
                (Object) appended.toArray(UUID[]::new)));
    }

    @Test
    void aRolledBackTransactionWritesNone() {
        var appended = new UUID[1];
        assertThrows(IllegalStateException.class, () -> transactions.executeWrite(tx -> {
            appended[0] = appendReserved(1).eventId();
            throw new IllegalStateException("the change failed");
        }));

        assertEquals(0, rowsOf(List.of(appended)));
    }

    @Test
    void aWriteTheDatabaseRefusesRollsTheWholeTransactionBack() {
        UUID marker = UUID.randomUUID();
        var appended = new UUID[2];

        // Two events of one aggregate at one version: the outbox's unique key refuses the second at commit.
        var refused = assertThrows(DataAccessException.class, () -> transactions.executeWrite(tx -> {
            try (var mark = tx.getConnection().prepareStatement(
                    "INSERT INTO processed_events (consumer, event_id) VALUES ('outbox-test', ?)")) {
                mark.setObject(1, marker);
                mark.executeUpdate();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
            appended[0] = appendReserved(1).eventId();
            appended[1] = appendReserved(1).eventId();
            return null;
        }));

        assertEquals("23505", ((java.sql.SQLException) refused.getCause()).getSQLState());
        assertEquals(0, rowsOf(List.of(appended)));
        assertEquals(0, sql.count("SELECT count(*) FROM processed_events WHERE event_id = ?", marker),
                "the change the events describe is rolled back with them");
        // The connection went back to the pool clean: the next transaction writes its events.
        UUID next = transactions.executeWrite(tx -> appendReserved(1).eventId());
        assertEquals(1, rowsOf(List.of(next)));
    }

    @Test
    void appendingOutsideATransactionIsRefused() {
        assertThrows(RuntimeException.class, () -> appendReserved(1));
    }

    private com.example.commerce.contract.EventEnvelope<ReservationPayload> appendReserved(long version) {
        return outbox.append(InventoryEventType.STOCK_RESERVED, String.valueOf(orderId), version,
                new ReservationPayload(orderId, List.of(), null));
    }

    private com.example.commerce.contract.EventEnvelope<ReservationPayload> appendDeducted() {
        return outbox.append(InventoryEventType.STOCK_DEDUCTED, String.valueOf(orderId), 2,
                new ReservationPayload(orderId, List.of(), null));
    }

    /** The outbox rows of these events that the connection sees (its own transaction's included). */
    private static long rowsIn(Connection connection, List<UUID> eventIds) {
        try (var query = connection.prepareStatement("SELECT count(*) FROM outbox WHERE event_id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("uuid", eventIds.toArray()));
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private long rowsOf(List<UUID> eventIds) {
        return sql.count("SELECT count(*) FROM outbox WHERE event_id = ANY (?)", (Object) eventIds.toArray(UUID[]::new));
    }
}
