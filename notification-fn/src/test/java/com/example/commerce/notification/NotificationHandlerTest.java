package com.example.commerce.notification;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;

import static com.example.commerce.notification.OrderEvents.envelope;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MSK-triggered Lambda entry point, started as the Lambda runtime starts it and given an event in the shape
 * MSK delivers (base64 keys and values, header values as byte arrays).
 */
class NotificationHandlerTest {

    static NotificationHandler handler;
    static OrderEvents events;

    @BeforeAll
    static void start() {
        System.setProperty("micronaut.environments", "test");
        handler = new NotificationHandler();
        var env = handler.getApplicationContext().getEnvironment();
        var dataSource = new PGSimpleDataSource();
        dataSource.setURL(env.getRequiredProperty("datasources.default.url", String.class));
        dataSource.setUser(env.getRequiredProperty("datasources.default.username", String.class));
        dataSource.setPassword(env.getRequiredProperty("datasources.default.password", String.class));
        events = new OrderEvents(env.getRequiredProperty("kafka.bootstrap.servers", String.class), dataSource);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("micronaut.environments");
        events.close();
        handler.close();
    }

    /** An MSK event with one record per value, on partition 0 of order-events from offset 100. */
    private static KafkaEvent mskEvent(String key, String... values) throws Exception {
        var records = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            String eventType = signedBytes("ORDER_CREATED ë");
            records.append(i == 0 ? "" : ",").append("""
                    {"topic":"order-events","partition":0,"offset":%d,"timestamp":1763719200000,
                     "timestampType":"CREATE_TIME","key":"%s","value":"%s","headers":[{"eventType":[%s]}]}"""
                    .formatted(100 + i, base64(key), base64(values[i]), eventType));
        }
        String json = """
                {"eventSource":"aws:kafka",
                 "eventSourceArn":"arn:aws:kafka:eu-west-1:123456789012:cluster/commerce/abc",
                 "bootstrapServers":"b-1.commerce.kafka.eu-west-1.amazonaws.com:9098",
                 "records":{"order-events-0":[%s]}}""".formatted(records);
        return handler.getApplicationContext().getBean(JsonMapper.class).readValue(json, KafkaEvent.class);
    }

    /** MSK sends header values as JSON arrays of signed bytes; "ë" becomes two negative ones. */
    private static String signedBytes(String text) {
        var values = new StringJoiner(",");
        for (byte b : utf8(text)) {
            values.add(String.valueOf(b));
        }
        return values.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(utf8(text));
    }

    @Test
    void onLambdaTheTriggerConsumesNotALocalListener() {
        assertTrue(handler.getApplicationContext().getBeanDefinitions(OrderEventListener.class).isEmpty());
    }

    @Test
    void recordsAreProcessedOncePoisonIsDeadLetteredAndTheInvocationSucceeds() throws Exception {
        long user = OrderEvents.newUserId();
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
        assertEquals("101", OrderEvents.header(dead.get(0), DeadLetterPublisher.ORIGINAL_OFFSET));
        assertEquals("ORDER_CREATED ë", OrderEvents.header(dead.get(0), "eventType"), "MSK headers decoded");
    }

    @Test
    void aTransientDatabaseFailureFailsTheInvocationSoThatLambdaRetriesTheBatch() throws Exception {
        long user = OrderEvents.newUserId();
        var event = mskEvent("1", envelope(UUID.randomUUID(), "ORDER_CREATED", 1, user, 1, null));
        try (var refusal = events.refuseNotificationsOf(user, "40001")) {
            assertThrows(RuntimeException.class, () -> handler.handleRequest(event, null));
        }
        assertEquals(0, events.notificationCount(user));

        handler.handleRequest(event, null); // Lambda's retry

        assertEquals(1, events.notificationCount(user));
    }
}
