package com.example.commerce.notification;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.example.commerce.contract.Topics;
import com.example.commerce.platform.lambda.SnapStartPriming;
import com.example.commerce.testsupport.Eventually;
import com.example.commerce.testsupport.KafkaClientThreads;
import com.example.commerce.testsupport.MskEvents;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.testsupport.SystemProperties;
import com.example.commerce.testsupport.TopicRecords;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.crac.test.CheckpointSimulator;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import static com.example.commerce.notification.OrderEventFixture.envelope;
import static com.example.commerce.notification.OrderEventFixture.paymentEnvelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MSK-triggered Lambda entry point, started as the Lambda runtime starts it and given an event in the shape
 * MSK delivers (base64 keys and values, header values as byte arrays).
 */
class NotificationHandlerTest {

    static SystemProperties properties;
    static NotificationHandler handler;
    static OrderEventFixture events;

    @BeforeAll
    static void start() {
        properties = SystemProperties.testEnvironment();
        handler = new NotificationHandler();
        var env = handler.getApplicationContext().getEnvironment();
        events = new OrderEventFixture(env.getRequiredProperty("kafka.bootstrap.servers", String.class),
                Sql.connect(env).dataSource());
    }

    @AfterAll
    static void stop() {
        events.close();
        handler.close();
        properties.close();
    }

    /** An MSK event with one record per value, on partition 0 of order-events from offset 100. */
    private static KafkaEvent mskEvent(String key, String... values) throws Exception {
        // "ë" travels as two negative bytes in the header's array.
        String json = MskEvents.json("order-events", 100, key, Map.of("eventType", "ORDER_CREATED ë"), values);
        return handler.getApplicationContext().getBean(JsonMapper.class).readValue(json, KafkaEvent.class);
    }

    @Test
    void theFunctionsOwnConfigurationIsActive() {
        // application-notification-fn.properties: its dead-letter producer, for example.
        var env = handler.getApplicationContext().getEnvironment();
        assertTrue(env.getActiveNames().contains(NotificationHandler.ENVIRONMENT), () -> "active: " + env.getActiveNames());
        assertTrue(env.containsProperty("kafka.producers.notification-dlq.acks"), "application-notification-fn.properties loaded");
    }

    @Test
    @SuppressWarnings("unchecked")
    void eachInvocationWritesTheFunctionsCountersAsOneEmbeddedMetricFormatLine() throws Exception {
        var event = mskEvent("emf-" + UUID.randomUUID(), envelope(UUID.randomUUID(), "ORDER_CREATED", 43,
                OrderEventFixture.newUserId(), 1_200, null));
        var captured = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            handler.handleRequest(event, null);
        } finally {
            System.setOut(stdout);
        }

        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
                .filter(line -> line.startsWith("{\"_aws\"")).toList();
        assertEquals(1, lines.size(), captured::toString);
        Map<String, Object> emf = handler.getApplicationContext().getBean(JsonMapper.class)
                .readValue(lines.get(0), Map.class);
        var aws = (Map<String, Object>) emf.get("_aws");
        assertTrue(aws.get("Timestamp") instanceof Number, lines.get(0));
        var directive = ((List<Map<String, Object>>) aws.get("CloudWatchMetrics")).get(0);
        assertEquals("Commerce", directive.get("Namespace"));
        assertEquals(List.of(List.of("function")), directive.get("Dimensions"));
        var declared = ((List<Map<String, Object>>) directive.get("Metrics")).stream()
                .collect(java.util.stream.Collectors.toMap(m -> (String) m.get("Name"), m -> m.get("Unit")));
        assertEquals("Count", declared.get("notification.events.created"));
        assertEquals("Count", declared.get("notification.events.dead_lettered"));
        assertEquals("Count", declared.get("notification.retries"));
        assertEquals(NotificationHandler.ENVIRONMENT, emf.get("function"));
        // This invocation's increase, not the total since the function started.
        assertEquals(1, ((Number) emf.get("notification.events.created")).intValue(), lines.get(0));
        assertEquals(0, ((Number) emf.get("notification.events.dead_lettered")).intValue(), lines.get(0));
        assertEquals(0, ((Number) emf.get("notification.retries")).intValue(), lines.get(0));
        declared.keySet().forEach(name -> assertTrue(emf.get(name) instanceof Number, name));
    }

    @Test
    void onLambdaTheTriggerConsumesNotALocalListener() {
        assertTrue(handler.getApplicationContext().getBeanDefinitions(NotificationListener.class).isEmpty());
    }

    @Test
    void recordsAreProcessedOncePoisonIsDeadLetteredAndTheInvocationSucceeds() throws Exception {
        long user = OrderEventFixture.newUserId();
        String key = "lambda-" + UUID.randomUUID();
        var event = mskEvent(key, envelope(UUID.randomUUID(), "ORDER_CREATED", 41, user, 2_500, null), "][",
                envelope(UUID.randomUUID(), "ORDER_PAID", 41, user, 2_500, "PENDING"));

        handler.handleRequest(event, null);
        handler.handleRequest(event, null); // Lambda delivering the same batch again

        assertEquals(List.of("Your order #41 has been created. Total: 2,500", "Your order #41 has been paid. Total: 2,500"),
                events.messagesOf(user));
        var dead = events.deadLettered(key, 2);
        assertEquals(2, dead.size(), "the poison record, once per delivery of the batch");
        assertEquals("][", new String(dead.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("101", TopicRecords.header(dead.get(0), DeadLetterPublisher.ORIGINAL_OFFSET));
        assertEquals("ORDER_CREATED ë", TopicRecords.header(dead.get(0), "eventType"), "MSK headers decoded");
    }

    @Test
    void paymentEventsFromTheirTriggerNotifyAndTheirPoisonGoesToTheirDeadLetterTopic() throws Exception {
        long user = OrderEventFixture.newUserId();
        String key = "lambda-payment-" + UUID.randomUUID();
        String json = MskEvents.json(Topics.PAYMENT_EVENTS, 200, key, Map.of(), paymentEnvelope(UUID.randomUUID(),
                "PAYMENT_REFUNDED", 61, user, 9_900, "REFUNDED"), "not json", paymentEnvelope(UUID.randomUUID(),
                "PAYMENT_CAPTURED", 61, user, 9_900, "CAPTURED"));
        var event = handler.getApplicationContext().getBean(JsonMapper.class).readValue(json, KafkaEvent.class);

        handler.handleRequest(event, null);

        assertEquals(List.of("PAYMENT_REFUNDED: The payment for your order #61 has been refunded. Refund: 9,900"),
                events.notificationsOf(user));
        var dead = events.deadLettered(Topics.PAYMENT_EVENTS_DLQ, key, 1);
        assertEquals(1, dead.size());
        assertEquals("201", TopicRecords.header(dead.get(0), DeadLetterPublisher.ORIGINAL_OFFSET));
    }

    @Test
    void aTransientDatabaseFailureFailsTheInvocationSoThatLambdaRetriesTheBatch() throws Exception {
        long user = OrderEventFixture.newUserId();
        var event = mskEvent("1", envelope(UUID.randomUUID(), "ORDER_CREATED", 1, user, 1, null));
        try (var refusal = events.refuseNotificationsOf(user, "40001")) {
            assertThrows(RuntimeException.class, () -> handler.handleRequest(event, null));
        }
        assertEquals(0, events.notificationCount(user));

        handler.handleRequest(event, null); // Lambda's retry

        assertEquals(1, events.notificationCount(user));
    }

    /**
     * SnapStart: before the snapshot the function runs a delivery of synthetic events through its real reading and
     * writing (marks, notifications, outbox) in a transaction it rolls back, so the database is as it was; it starts
     * no Kafka client, and micronaut-crac empties the pool after it. After the restore a real batch is processed.
     */
    @Test
    void beforeTheSnapshotTheFunctionPrimesItsDeliveryAndLeavesNothing() throws Exception {
        var context = handler.getApplicationContext();
        var sql = Sql.connect(context.getEnvironment());
        var pool = (HikariDataSource) DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
        var checkpoint = context.getBean(CheckpointSimulator.class);
        var tables = List.of("SELECT count(*) FROM notifications", "SELECT count(*) FROM outbox",
                "SELECT count(*) FROM processed_events WHERE consumer = '" + NotificationProcessor.CONSUMER + "'");
        var rowsBefore = tables.stream().map(sql::count).toList();
        Set<String> kafkaThreads = KafkaClientThreads.names();

        checkpoint.runBeforeCheckpoint();
        try {
            var primed = context.getBean(SnapStartPriming.class).primed();
            assertEquals(List.of(NotificationPriming.NAME), primed.stream().map(SnapStartPriming.Primed::name).toList());
            assertNull(primed.get(0).failure(), primed::toString);
            assertEquals(rowsBefore, tables.stream().map(sql::count).toList(), "no notification, outbox row or mark kept");
            var newThreads = new TreeSet<>(KafkaClientThreads.names());
            newThreads.removeAll(kafkaThreads);
            assertEquals(Set.of(), newThreads, "no Kafka producer or consumer started by the priming");
            Eventually.await("the pool closed its connections",
                    () -> pool.getHikariPoolMXBean().getTotalConnections() == 0);
        } finally {
            checkpoint.runAfterRestore(); // also when an assertion failed: the other tests need the pool
        }

        long user = OrderEventFixture.newUserId();
        handler.handleRequest(mskEvent("restored-" + UUID.randomUUID(),
                envelope(UUID.randomUUID(), "ORDER_CREATED", 77, user, 3_000, null)), null);
        assertEquals(List.of("Your order #77 has been created. Total: 3,000"), events.messagesOf(user));
    }
}
