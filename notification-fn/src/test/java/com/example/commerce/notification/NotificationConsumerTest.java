package com.example.commerce.notification;

import com.example.commerce.testsupport.Sql;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import static com.example.commerce.notification.OrderEventFixture.envelope;
import static com.example.commerce.testsupport.Eventually.await;
import static com.example.commerce.testsupport.TopicRecords.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local consumer against the real (embedded) broker and database, fed as the relay feeds it. */
@MicronautTest(environments = "notification-fn", transactional = false)
class NotificationConsumerTest {

    @Inject
    DataSource contextual;

    @Inject
    MeterRegistry meters;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    OrderEventFixture events;
    long user;

    @BeforeEach
    void connect() {
        events = new OrderEventFixture(bootstrapServers, DelegatingDataSource.unwrapDataSource(contextual));
        user = OrderEventFixture.newUserId();
    }

    @AfterEach
    void disconnect() {
        events.close();
    }

    private double outcome(String outcome) {
        var counter = meters.find("notification.events").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void eachOrderEventCreatesOneNotificationInTheConfiguredLanguage() throws Exception {
        events.send("12", envelope(UUID.randomUUID(), "ORDER_CREATED", 12, user, 15_000, null));
        events.send("12", envelope(UUID.randomUUID(), "ORDER_PAID", 12, user, 15_000, "PENDING"));
        events.send("12", envelope(UUID.randomUUID(), "ORDER_CANCELLED", 12, user, 15_000, "PAID"));

        await("three notifications", () -> events.notificationCount(user) == 3);
        assertEquals(List.of("Your order #12 has been created. Total: 15,000",
                "Your order #12 has been paid. Total: 15,000",
                "Your order #12 has been cancelled."), events.messagesOf(user));
    }

    @Test
    void theSameEventDeliveredTwiceCreatesOneNotification() throws Exception {
        UUID eventId = UUID.randomUUID();
        double duplicatesBefore = outcome("duplicate");

        events.send("7", envelope(eventId, "ORDER_CREATED", 7, user, 1_000, null));
        events.send("7", envelope(eventId, "ORDER_CREATED", 7, user, 1_000, null));

        await("the second delivery was absorbed", () -> outcome("duplicate") > duplicatesBefore);
        assertEquals(1, events.notificationCount(user));
        // Its NOTIFICATION_SENT event, once, in the notification's transaction, keyed by the user.
        var sql = Sql.of(DelegatingDataSource.unwrapDataSource(contextual));
        long notification = sql.count("SELECT id FROM notifications WHERE user_id = ?", user);
        assertEquals(List.of(notification), sql.list("SELECT (event->'payload'->>'notificationId')::bigint "
                        + "FROM outbox WHERE topic = 'platform.notifications.sent' AND aggregate_id = ? "
                        + "AND event->'payload'->>'type' = 'ORDER_CREATED'", row -> row.getLong(1),
                String.valueOf(user)));
    }

    @Test
    void malformedRecordsAreDeadLetteredAndTheRecordsAfterThemProcessed() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        double skippedBefore = outcome("skipped");
        // One key, so one partition: the valid event comes after the three malformed ones.
        events.send(key, "{not json");
        events.send(key, """
                {"eventId":"%s","eventType":"ORDER_CREATED","payload":{"orderId":1,"totalAmount":5}}"""
                .formatted(UUID.randomUUID()));
        events.send(key, envelope(UUID.randomUUID(), "ORDER_PAID", 1, user, 5, null)
                .replace("\"orderId\":1", "\"orderId\":\"one\""));
        events.send(key, envelope(UUID.randomUUID(), "ORDER_RETURNED", 1, user, 5, null));
        events.send(key, envelope(UUID.randomUUID(), "ORDER_CREATED", 99, user, 5, null));

        await("the valid event after the poison", () -> events.notificationCount(user) == 1);
        assertEquals(List.of("Your order #99 has been created. Total: 5"), events.messagesOf(user));
        assertTrue(outcome("skipped") > skippedBefore, "the unknown event type is skipped and counted");

        var dead = events.deadLettered(key, 3);
        assertEquals(3, dead.size(), "bad JSON, a missing field and a wrong type");
        assertEquals("{not json", new String(dead.get(0).value()));
        assertTrue(header(dead.get(1), DeadLetterPublisher.ERROR).contains("userId"), header(dead.get(1), "dlq.error"));
        assertTrue(header(dead.get(2), DeadLetterPublisher.ERROR).contains("orderId"));
        for (var record : dead) {
            assertEquals("order-events", header(record, DeadLetterPublisher.ORIGINAL_TOPIC));
            assertEquals(NotificationProcessor.CONSUMER, header(record, DeadLetterPublisher.CONSUMER));
            assertEquals("TEST", header(record, "eventType"), "the original headers travel along");
            Integer.parseInt(header(record, DeadLetterPublisher.ORIGINAL_PARTITION));
        }
        assertNotEquals(header(dead.get(0), DeadLetterPublisher.ORIGINAL_OFFSET),
                header(dead.get(1), DeadLetterPublisher.ORIGINAL_OFFSET));
    }

    @Test
    void aTransientDatabaseFailureIsRetriedAndSkipsNothing() throws Exception {
        // The database refuses this user's notifications with a serialization failure until the refusal ends.
        try (var refusal = events.refuseNotificationsOf(user, "40001")) {
            double retriesBefore = meters.counter("notification.retries").count();
            events.send("3", envelope(UUID.randomUUID(), "ORDER_CREATED", 3, user, 300, null));
            await("several failed attempts", () -> meters.counter("notification.retries").count() >= retriesBefore + 3);
            assertEquals(0, events.notificationCount(user));
        }
        await("the notification once the database accepts it", () -> events.notificationCount(user) == 1);
    }

    @Test
    void aRecordTheDatabaseRefusesAsDataIsDeadLetteredAndTheNextOneProcessed() throws Exception {
        long refused = OrderEventFixture.newUserId();
        String key = "refused-" + UUID.randomUUID();
        try (var refusal = events.refuseNotificationsOf(refused, "23514")) {
            events.send(key, envelope(UUID.randomUUID(), "ORDER_CREATED", 5, refused, 500, null));
            events.send(key, envelope(UUID.randomUUID(), "ORDER_CREATED", 6, user, 600, null));
            await("the record after the refused one", () -> events.notificationCount(user) == 1);
            var dead = events.deadLettered(key, 1);
            assertEquals(1, dead.size());
            assertTrue(header(dead.get(0), DeadLetterPublisher.ERROR).contains("23514"),
                    header(dead.get(0), DeadLetterPublisher.ERROR));
            assertEquals(NotificationProcessor.CONSUMER, header(dead.get(0), DeadLetterPublisher.CONSUMER));
            assertEquals("TEST", header(dead.get(0), "eventType"));
        }
        assertEquals(0, events.notificationCount(refused));
    }
}
