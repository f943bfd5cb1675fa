package com.example.commerce.api.saga;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.example.commerce.contract.Topics;
import com.example.commerce.testsupport.MskEvents;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.testsupport.SystemProperties;
import com.example.commerce.testsupport.TopicRecords;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The saga's Lambda entry points, started as the Lambda runtime starts them: the MSK-triggered
 * {@link OrderSagaHandler} and the scheduled {@link SagaTimerHandler}.
 */
class OrderSagaHandlerTest {

    static SystemProperties properties;
    static OrderSagaHandler handler;
    static SagaTimerHandler timer;
    static Sql sql;
    static String bootstrapServers;

    @BeforeAll
    static void start() {
        properties = SystemProperties.testEnvironment();
        handler = new OrderSagaHandler();
        timer = new SagaTimerHandler();
        var env = handler.getApplicationContext().getEnvironment();
        bootstrapServers = env.getRequiredProperty("kafka.bootstrap.servers", String.class);
        sql = Sql.connect(env);
    }

    @AfterAll
    static void stop() {
        handler.close();
        timer.close();
        properties.close();
    }

    /** A PENDING order placed {@code age} ago, with its saga, written as order-api writes them. */
    private static long pendingOrder(String age) {
        long user = sql.list("INSERT INTO users (username, password_hash, role) VALUES (?, 'x', 'USER') RETURNING id",
                row -> row.getLong(1), "saga-" + UUID.randomUUID().toString().substring(0, 12)).get(0);
        long order = sql.list("INSERT INTO orders (user_id, status, total_amount, version, created_at) "
                + "VALUES (?, 'PENDING', 1200, 1, now() - ?::interval) RETURNING id", row -> row.getLong(1), user, age)
                .get(0);
        sql.execute("INSERT INTO order_sagas (order_id, status) VALUES (?, 'RUNNING')", order);
        return order;
    }

    @Test
    void theSagasEnvironmentAndOrderApisAreActive() {
        var active = handler.getApplicationContext().getEnvironment().getActiveNames();
        assertTrue(active.containsAll(List.of(OrderSagaHandler.ENVIRONMENT, "order-api", "function")), active::toString);
    }

    @Test
    void onLambdaTheTriggerAndTheScheduleRunTheSagaNotTheLocalAdapters() {
        assertTrue(handler.getApplicationContext().getBeanDefinitions(OrderSagaListener.class).isEmpty());
        assertTrue(timer.getApplicationContext().getBeanDefinitions(SagaTimerSchedule.class).isEmpty());
    }

    @Test
    void anMskBatchIsAppliedOnceAndPoisonIsDeadLettered() throws Exception {
        long order = pendingOrder("0 seconds");
        String scheduled = """
                {"eventId":"%s","eventType":"SHIPMENT_SCHEDULED","aggregateType":"Shipment","aggregateId":"%d",
                 "aggregateVersion":1,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"orderId":%d,"shipmentId":3,"status":"SCHEDULED","carrierReference":"LAMBDA-%d"}}"""
                .formatted(UUID.randomUUID(), order, order, order);
        String json = MskEvents.json(Topics.SHIPPING_EVENTS, 200, String.valueOf(order), Map.of(), scheduled, "][");
        var event = handler.getApplicationContext().getBean(JsonMapper.class).readValue(json, KafkaEvent.class);

        handler.handleRequest(event, null);
        handler.handleRequest(event, null); // Lambda delivering the same batch again

        assertEquals(1, sql.count("SELECT count(*) FROM order_sagas WHERE order_id = ? AND shipment_status = "
                + "'SCHEDULED' AND shipment_reference = ?", order, "LAMBDA-" + order));
        assertEquals(1, sql.count("SELECT count(*) FROM order_saga_steps WHERE order_id = ? AND step = 'SHIPMENT'",
                order));
        var dead = TopicRecords.withKey(bootstrapServers, Topics.SHIPPING_EVENTS_DLQ, String.valueOf(order), 2);
        assertEquals(2, dead.size(), "the poison record, once per delivery of the batch");
        assertEquals("][", new String(dead.get(0).value(), StandardCharsets.UTF_8));
        assertEquals(OrderSaga.CONSUMER, TopicRecords.header(dead.get(0), "dlq.consumer"));
    }

    @Test
    void aScheduledPassExpiresAnUnpaidOrder() {
        long expired = pendingOrder("2 hours");
        long fresh = pendingOrder("1 minute");

        timer.handleRequest(new ScheduledEvent(), null);

        assertEquals(1, sql.count("SELECT count(*) FROM orders WHERE id = ? AND status = 'CANCELLED' "
                + "AND cancellation_reason = 'PAYMENT_TIMEOUT'", expired));
        assertEquals(1, sql.count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = "
                + "'ORDER_CANCELLED'", String.valueOf(expired)));
        assertEquals("COMPENSATING", sql.list("SELECT status FROM order_sagas WHERE order_id = ?",
                row -> row.getString(1), expired).get(0));
        assertEquals(1, sql.count("SELECT count(*) FROM orders WHERE id = ? AND status = 'PENDING'", fresh));
    }
}
