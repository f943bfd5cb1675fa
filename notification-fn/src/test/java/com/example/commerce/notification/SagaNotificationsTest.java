package com.example.commerce.notification;

import com.example.commerce.contract.Topics;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static com.example.commerce.notification.OrderEventFixture.paymentEnvelope;
import static com.example.commerce.notification.OrderEventFixture.sagaEnvelope;
import static com.example.commerce.testsupport.Eventually.await;
import static com.example.commerce.testsupport.TopicRecords.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The saga's events, on the real (embedded) broker and database: order-events and payment-events both reach the
 * local consumer; each event that tells the user something new gives one notification of its own type, the others
 * none; a malformed payment event goes to payment-events-dlq.
 */
@MicronautTest(environments = "notification-fn", transactional = false)
class SagaNotificationsTest {

    @Inject
    DataSource contextual;

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

    @Test
    void orderEventsOfTheSagaNotifyOnceEachAndTheReleaseRequestNotAtAll() throws Exception {
        // One key, one partition: the release request is consumed before the events after it.
        String key = "saga-" + UUID.randomUUID();
        events.send(key, sagaEnvelope(UUID.randomUUID(), "STOCK_RELEASE_REQUESTED", 31, user, 5_000, "CANCELLED",
                "CANCELLED", "OUT_OF_STOCK"));
        events.send(key, sagaEnvelope(UUID.randomUUID(), "ORDER_CANCELLED", 31, user, 5_000, "CANCELLED", "PAID",
                "OUT_OF_STOCK"));
        events.send(key, sagaEnvelope(UUID.randomUUID(), "ORDER_CANCELLED", 32, user, 5_000, "CANCELLED", "PENDING",
                "PAYMENT_TIMEOUT"));
        events.send(key, sagaEnvelope(UUID.randomUUID(), "ORDER_CANCELLED", 33, user, 5_000, "CANCELLED", "PAID",
                "USER"));
        UUID shipped = UUID.randomUUID();
        events.send(key, sagaEnvelope(shipped, "ORDER_SHIPPED", 34, user, 5_000, "SHIPPED", "PAID", null));
        events.send(key, sagaEnvelope(shipped, "ORDER_SHIPPED", 34, user, 5_000, "SHIPPED", "PAID", null));
        events.send(key, sagaEnvelope(UUID.randomUUID(), "ORDER_DELIVERED", 34, user, 5_000, "DELIVERED", "SHIPPED",
                null));

        await("five notifications", () -> events.notificationCount(user) == 5);
        assertEquals(List.of(
                "ORDER_CANCELLED: Your order #31 has been cancelled: an item is out of stock.",
                "ORDER_CANCELLED: Your order #32 has expired unpaid and has been cancelled.",
                "ORDER_CANCELLED: Your order #33 has been cancelled.",
                "ORDER_SHIPPED: Your order #34 has been shipped.",
                "ORDER_DELIVERED: Your order #34 has been delivered."), events.notificationsOf(user));
    }

    @Test
    void paymentEventsNotifyOfDeclinesAndRefundsOnly() throws Exception {
        String key = "payment-" + UUID.randomUUID();
        events.send(Topics.PAYMENT_EVENTS, key, paymentEnvelope(UUID.randomUUID(), "PAYMENT_CAPTURED", 41, user,
                7_500, "CAPTURED"));
        events.send(Topics.PAYMENT_EVENTS, key, paymentEnvelope(UUID.randomUUID(), "PAYMENT_REFUND_FAILED", 41, user,
                7_500, "REFUND_FAILED"));
        events.send(Topics.PAYMENT_EVENTS, key, paymentEnvelope(UUID.randomUUID(), "PAYMENT_REFUND_APPROVED", 41,
                user, 7_500, "REFUNDED"));
        UUID refunded = UUID.randomUUID();
        events.send(Topics.PAYMENT_EVENTS, key, paymentEnvelope(UUID.randomUUID(), "PAYMENT_FAILED", 42, user,
                2_000, "FAILED"));
        events.send(Topics.PAYMENT_EVENTS, key, paymentEnvelope(refunded, "PAYMENT_REFUNDED", 41, user, 7_500,
                "REFUNDED"));
        events.send(Topics.PAYMENT_EVENTS, key, paymentEnvelope(refunded, "PAYMENT_REFUNDED", 41, user, 7_500,
                "REFUNDED"));
        // After the duplicate on the same partition: once this one is there, the duplicate was consumed too.
        events.send(Topics.PAYMENT_EVENTS, key, paymentEnvelope(UUID.randomUUID(), "PAYMENT_FAILED", 43, user,
                2_000, "FAILED"));

        await("three notifications", () -> events.notificationCount(user) == 3);
        assertEquals(List.of(
                "PAYMENT_FAILED: The payment for your order #42 was declined. The order can still be paid.",
                "PAYMENT_REFUNDED: The payment for your order #41 has been refunded. Refund: 7,500",
                "PAYMENT_FAILED: The payment for your order #43 was declined. The order can still be paid."),
                events.notificationsOf(user));
    }

    @Test
    void malformedPaymentEventsGoToThePaymentDeadLetterTopic() throws Exception {
        String key = "payment-poison-" + UUID.randomUUID();
        events.send(Topics.PAYMENT_EVENTS, key, "{not json");
        events.send(Topics.PAYMENT_EVENTS, key, paymentEnvelope(UUID.randomUUID(), "PAYMENT_REFUNDED", 51, user,
                100, "REFUNDED").replace("\"amount\":100", "\"amount\":-100"));
        events.send(Topics.PAYMENT_EVENTS, key, paymentEnvelope(UUID.randomUUID(), "PAYMENT_REFUNDED", 52, user,
                100, "REFUNDED"));

        await("the valid event after the poison", () -> events.notificationCount(user) == 1);
        var dead = events.deadLettered(Topics.PAYMENT_EVENTS_DLQ, key, 2);
        assertEquals(2, dead.size());
        Set<String> errors = new TreeSet<>();
        for (var record : dead) {
            assertEquals(Topics.PAYMENT_EVENTS, header(record, DeadLetterPublisher.ORIGINAL_TOPIC));
            assertEquals(NotificationProcessor.CONSUMER, header(record, DeadLetterPublisher.CONSUMER));
            errors.add(header(record, DeadLetterPublisher.ERROR));
        }
        assertTrue(errors.stream().anyMatch(error -> error.contains("amount")), errors::toString);
    }
}
