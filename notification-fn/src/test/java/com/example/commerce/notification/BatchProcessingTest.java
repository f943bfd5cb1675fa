package com.example.commerce.notification;

import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.testsupport.Sql;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static com.example.commerce.notification.OrderEventFixture.envelope;
import static com.example.commerce.testsupport.TopicRecords.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A delivery (one poll, one MSK invocation) handed to the service as the adapters hand it, against the real
 * (embedded) database and broker: written in one transaction, each event's effect exactly once however the batch is
 * redelivered, and its poison dead-lettered without holding back the others. The local listener is off, so that
 * only these batches write.
 */
@MicronautTest(environments = "notification-fn", transactional = false)
@Property(name = "commerce.notification.consumer.enabled", value = "false")
class BatchProcessingTest {

    private static final AtomicLong OFFSETS = new AtomicLong(1_000);

    @Inject
    NotificationProcessor processor;

    @Inject
    DataSource contextual;

    @Inject
    MeterRegistry meters;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    OrderEventFixture events;
    Sql sql;
    long user;
    String key;

    @BeforeEach
    void connect() {
        var dataSource = DelegatingDataSource.unwrapDataSource(contextual);
        events = new OrderEventFixture(bootstrapServers, dataSource);
        sql = Sql.of(dataSource);
        user = OrderEventFixture.newUserId();
        key = "batch-" + UUID.randomUUID();
    }

    @AfterEach
    void disconnect() {
        events.close();
    }

    /** A record of order-events with this test's key, at the next offset. */
    private IncomingEvent record(String value) {
        return record(value, Map.of());
    }

    private IncomingEvent record(String value, Map<String, String> extraHeaders) {
        var headers = new java.util.HashMap<String, byte[]>();
        headers.put("eventType", "TEST".getBytes(StandardCharsets.UTF_8));
        extraHeaders.forEach((name, header) -> headers.put(name, header.getBytes(StandardCharsets.UTF_8)));
        return new IncomingEvent("order-events", 0, OFFSETS.incrementAndGet(), key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), headers);
    }

    private IncomingEvent created(UUID eventId, long orderId, long userId) {
        return record(envelope(eventId, "ORDER_CREATED", orderId, userId, 1_000, null));
    }

    private long sentEventsOf(long userId) {
        return sql.count("SELECT count(*) FROM outbox WHERE topic = 'platform.notifications.sent' AND aggregate_id = ?",
                String.valueOf(userId));
    }

    private double outcome(String outcome) {
        var counter = meters.find("notification.events").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aBatchRedeliveredWholeOrInPartCreatesEachNotificationOnce() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        var batch = new ArrayList<IncomingEvent>();
        batch.add(record(envelope(UUID.randomUUID(), "ORDER_CREATED", 1, user, 1_000, null),
                Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")));
        for (long order = 2; order <= 5; order++) {
            batch.add(created(UUID.randomUUID(), order, user));
        }
        double duplicatesBefore = outcome("duplicate");

        processor.process(batch);
        processor.process(batch); // the same poll again: offsets not committed before a crash
        processor.process(List.of(batch.get(3), batch.get(4), created(UUID.randomUUID(), 6, user))); // overlapping

        assertEquals(List.of("Your order #1 has been created. Total: 1,000", "Your order #2 has been created. Total: 1,000",
                "Your order #3 has been created. Total: 1,000", "Your order #4 has been created. Total: 1,000",
                "Your order #5 has been created. Total: 1,000", "Your order #6 has been created. Total: 1,000"),
                events.messagesOf(user), "once each, in the order of the records");
        assertEquals(6, sentEventsOf(user), "one NOTIFICATION_SENT per notification");
        assertEquals(7, outcome("duplicate") - duplicatesBefore);
        // Each NOTIFICATION_SENT continues the trace of its own record; those of records without one start their own.
        assertEquals(List.of(traceId), sql.list("SELECT split_part(headers->>'traceparent', '-', 2) FROM outbox "
                + "WHERE topic = 'platform.notifications.sent' AND aggregate_id = ? "
                + "AND event->'payload'->>'orderId' = '1'", row -> row.getString(1), String.valueOf(user)));
        assertEquals(6, sql.count("SELECT count(DISTINCT split_part(headers->>'traceparent', '-', 2)) FROM outbox "
                + "WHERE topic = 'platform.notifications.sent' AND aggregate_id = ?", String.valueOf(user)));
    }

    @Test
    void theSameEventTwiceInOneBatchCreatesOneNotification() throws Exception {
        UUID repeated = UUID.randomUUID();
        var first = created(repeated, 21, user);

        processor.process(List.of(first, created(UUID.randomUUID(), 22, user), created(repeated, 21, user),
                record(envelope(repeated, "ORDER_CREATED", 21, user, 1_000, null))));

        assertEquals(List.of("Your order #21 has been created. Total: 1,000",
                "Your order #22 has been created. Total: 1,000"), events.messagesOf(user));
        assertEquals(2, sentEventsOf(user));
        assertEquals(1, sql.count("SELECT count(*) FROM processed_events WHERE consumer = ? AND event_id = ?",
                NotificationProcessor.CONSUMER, repeated));
    }

    @Test
    void malformedRecordsInTheMiddleAreDeadLetteredAndTheOthersWritten() throws Exception {
        var poison = record("{not json");
        var wrongType = record(envelope(UUID.randomUUID(), "ORDER_PAID", 32, user, 5, null)
                .replace("\"orderId\":32", "\"orderId\":\"x\""));
        var batch = List.of(created(UUID.randomUUID(), 31, user), poison, wrongType,
                created(UUID.randomUUID(), 33, user));

        processor.process(batch);

        assertEquals(List.of("Your order #31 has been created. Total: 1,000",
                "Your order #33 has been created. Total: 1,000"), events.messagesOf(user));
        var dead = events.deadLettered(key, 2);
        assertEquals(2, dead.size());
        assertEquals("{not json", new String(dead.get(0).value(), StandardCharsets.UTF_8));
        assertEquals(String.valueOf(poison.offset()), header(dead.get(0), DeadLetterPublisher.ORIGINAL_OFFSET));
        assertEquals(String.valueOf(wrongType.offset()), header(dead.get(1), DeadLetterPublisher.ORIGINAL_OFFSET));
        assertEquals("TEST", header(dead.get(1), "eventType"), "the original headers travel along");
    }

    @Test
    void aRecordTheDatabaseRefusesInTheMiddleIsDeadLetteredAndTheOthersWritten() throws Exception {
        long refused = OrderEventFixture.newUserId();
        var refusedRecord = created(UUID.randomUUID(), 42, refused);
        var batch = List.of(created(UUID.randomUUID(), 41, user), refusedRecord, created(UUID.randomUUID(), 43, user));
        double deadBefore = outcome("dead_lettered");

        try (var refusal = events.refuseNotificationsOf(refused, "23514")) {
            processor.process(batch);
        }

        assertEquals(List.of("Your order #41 has been created. Total: 1,000",
                "Your order #43 has been created. Total: 1,000"), events.messagesOf(user));
        assertEquals(0, events.notificationCount(refused));
        assertEquals(0, sentEventsOf(refused));
        assertEquals(2, sentEventsOf(user));
        var dead = events.deadLettered(key, 1);
        assertEquals(1, dead.size());
        assertEquals(String.valueOf(refusedRecord.offset()), header(dead.get(0), DeadLetterPublisher.ORIGINAL_OFFSET));
        assertTrue(header(dead.get(0), DeadLetterPublisher.ERROR).contains("23514"),
                header(dead.get(0), DeadLetterPublisher.ERROR));
        assertEquals(1, outcome("dead_lettered") - deadBefore);
    }

    @Test
    void aTransientFailureWritesNothingOfTheBatchAndTheRetryWritesAll() throws Exception {
        long unavailable = OrderEventFixture.newUserId();
        var batch = List.of(created(UUID.randomUUID(), 51, user), created(UUID.randomUUID(), 52, unavailable),
                record("][")); // poison too: parked only once the batch is through
        try (var refusal = events.refuseNotificationsOf(unavailable, "40001")) {
            assertThrows(RuntimeException.class, () -> processor.process(batch));
        }
        assertEquals(0, events.notificationCount(user), "one transaction: nothing of the failed batch");
        assertEquals(0, events.deadLettered(key, 1).size(), "nor its poison, which the retry parks");

        processor.process(batch);

        assertEquals(1, events.notificationCount(user));
        assertEquals(1, events.notificationCount(unavailable));
        assertEquals(1, events.deadLettered(key, 1).size());
    }

    @Test
    void aBatchWakesTheLiveStreamsOnceWithEveryUserItNotified() throws Exception {
        long other = OrderEventFixture.newUserId();
        try (var listener = sql.dataSource().getConnection()) {
            listener.setAutoCommit(true);
            try (var listen = listener.createStatement()) {
                listen.execute("LISTEN notifications_created");
            }
            var postgres = listener.unwrap(PGConnection.class);
            drain(postgres);

            processor.process(List.of(created(UUID.randomUUID(), 61, user), created(UUID.randomUUID(), 62, other),
                    created(UUID.randomUUID(), 63, user)));

            var signals = new ArrayList<String>();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < deadline && signals.stream().noneMatch(s -> s.contains(String.valueOf(user)))) {
                PGNotification[] received = postgres.getNotifications(500);
                if (received != null) {
                    Arrays.stream(received).map(PGNotification::getParameter).forEach(signals::add);
                }
            }
            var ours = signals.stream().filter(s -> s.contains(String.valueOf(user)) || s.contains(String.valueOf(other)))
                    .toList();
            assertEquals(1, ours.size(), () -> "one signal for the batch's one statement: " + signals);
            assertEquals(Set.of(String.valueOf(user), String.valueOf(other)),
                    Arrays.stream(ours.get(0).split(",")).collect(Collectors.toSet()));
            try (var unlisten = listener.createStatement()) {
                unlisten.execute("UNLISTEN *");
            }
        }
    }

    /** Signals of earlier writes. */
    private static void drain(PGConnection postgres) throws Exception {
        PGNotification[] received;
        do {
            received = postgres.getNotifications(100);
        } while (received != null && received.length > 0);
    }
}
