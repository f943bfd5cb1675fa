package com.example.commerce.fulfillment;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.example.commerce.consumer.DeadLetters;
import com.example.commerce.consumer.EventBatchProcessor;
import com.example.commerce.contract.Topics;
import com.example.commerce.fulfillment.inventory.InventoryEventListener;
import com.example.commerce.fulfillment.inventory.InventoryHandler;
import com.example.commerce.fulfillment.inventory.InventoryProcessor;
import com.example.commerce.fulfillment.shipping.ShippingEventListener;
import com.example.commerce.fulfillment.shipping.ShippingHandler;
import com.example.commerce.fulfillment.shipping.ShippingProcessor;
import com.example.commerce.inventory.Inventory;
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
import io.micronaut.function.aws.MicronautRequestHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import javax.sql.DataSource;

import static com.example.commerce.fulfillment.SagaEvents.newOrderId;
import static com.example.commerce.fulfillment.SagaEvents.orderEvent;
import static com.example.commerce.fulfillment.SagaEvents.reservationEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two MSK-triggered Lambda entry points, started as the Lambda runtime starts them and given events in the
 * shape MSK delivers (base64 keys and values, header values as byte arrays).
 */
class FulfillmentHandlersTest {

    static SystemProperties properties;
    static InventoryHandler inventoryHandler;
    static ShippingHandler shippingHandler;
    static SagaEvents events;
    static String bootstrapServers;

    @BeforeAll
    static void start() {
        properties = SystemProperties.testEnvironment();
        inventoryHandler = new InventoryHandler();
        shippingHandler = new ShippingHandler();
        var env = inventoryHandler.getApplicationContext().getEnvironment();
        bootstrapServers = env.getRequiredProperty("kafka.bootstrap.servers", String.class);
        events = new SagaEvents(bootstrapServers, Sql.connect(env));
    }

    @AfterAll
    static void stop() {
        events.close();
        shippingHandler.close();
        inventoryHandler.close();
        properties.close();
    }

    private static KafkaEvent mskEvent(MicronautRequestHandler<?, ?> handler, String topic, String key,
                                       String... values) throws Exception {
        String json = MskEvents.json(topic, 100, key, Map.of("eventType", "TEST"), values);
        return handler.getApplicationContext().getBean(JsonMapper.class).readValue(json, KafkaEvent.class);
    }

    @Test
    void eachHandlerRunsItsOwnParticipantAndNoLocalListener() {
        var inventoryContext = inventoryHandler.getApplicationContext();
        assertTrue(inventoryContext.getEnvironment().getActiveNames().containsAll(
                List.of(InventoryHandler.ENVIRONMENT, FulfillmentConfiguration.ENVIRONMENT, "function")),
                () -> inventoryContext.getEnvironment().getActiveNames().toString());
        assertEquals(1, inventoryContext.getBeansOfType(EventBatchProcessor.class).size());
        assertInstanceOf(InventoryProcessor.class, inventoryContext.getBean(EventBatchProcessor.class));
        assertTrue(inventoryContext.getBeanDefinitions(InventoryEventListener.class).isEmpty());

        var shippingContext = shippingHandler.getApplicationContext();
        assertEquals(1, shippingContext.getBeansOfType(EventBatchProcessor.class).size());
        assertInstanceOf(ShippingProcessor.class, shippingContext.getBean(EventBatchProcessor.class));
        assertTrue(shippingContext.getBeanDefinitions(ShippingEventListener.class).isEmpty());
    }

    @Test
    void theInventoryHandlerReservesOncePerEventAndDeadLettersPoison() throws Exception {
        long product = events.newProduct();
        inventoryHandler.getApplicationContext().getBean(Inventory.class).set(product, 3);
        long order = newOrderId();
        String key = "lambda-" + UUID.randomUUID();
        var event = mskEvent(inventoryHandler, Topics.ORDER_EVENTS, key,
                orderEvent(UUID.randomUUID(), "ORDER_CREATED", order, product, 2), "][",
                orderEvent(UUID.randomUUID(), "ORDER_PAID", order, product, 2));

        inventoryHandler.handleRequest(event, null);
        inventoryHandler.handleRequest(event, null); // Lambda delivering the same batch again

        assertEquals("DEDUCTED", events.reservationStatus(order));
        assertEquals(List.of(1L, 0L), events.stock(product));
        assertEquals(List.of("STOCK_RESERVED", "STOCK_DEDUCTED"), events.outboxTypes("Reservation", order));
        var dead = events.deadLettered(Topics.ORDER_EVENTS_DLQ, key, 2);
        assertEquals(2, dead.size(), "the poison record, once per delivery of the batch");
        assertEquals("][", new String(dead.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("101", TopicRecords.header(dead.get(0), DeadLetters.ORIGINAL_OFFSET));
        assertEquals(InventoryProcessor.CONSUMER, TopicRecords.header(dead.get(0), DeadLetters.CONSUMER));
    }

    @Test
    void theShippingHandlerSchedulesOnceFromInventoryEventsAndCancelsFromOrderEvents() throws Exception {
        long order = newOrderId();
        String key = String.valueOf(order);
        var deducted = mskEvent(shippingHandler, Topics.INVENTORY_EVENTS, key,
                reservationEvent(UUID.randomUUID(), "STOCK_DEDUCTED", order));
        shippingHandler.handleRequest(deducted, null);
        shippingHandler.handleRequest(deducted, null);
        assertEquals(List.of("SCHEDULED", "SBX-SHIP-" + order), events.shipment(order));

        var cancelled = mskEvent(shippingHandler, Topics.ORDER_EVENTS, key,
                orderEvent(UUID.randomUUID(), "ORDER_CANCELLED", order));
        shippingHandler.handleRequest(cancelled, null);
        shippingHandler.handleRequest(cancelled, null);
        assertEquals(List.of("CANCELLED", "SBX-SHIP-" + order), events.shipment(order));
        assertEquals(List.of("SHIPMENT_SCHEDULED", "SHIPMENT_CANCELLED"), events.outboxTypes("Shipment", order));
    }

    /**
     * SnapStart: before the snapshot the inventory participant reserves a synthetic order in a transaction it rolls
     * back, starts no Kafka client, and micronaut-crac empties the pool after it; after the restore a real
     * ORDER_CREATED is reserved.
     */
    @Test
    void beforeTheSnapshotTheInventoryHandlerPrimesItselfAndLeavesNothing() throws Exception {
        primesAndLeavesNothing(inventoryHandler, "inventory: synthetic ORDER_CREATED reserved, rolled back",
                List.of("SELECT count(*) FROM stock_reservations", "SELECT count(*) FROM stock_reservation_lines",
                        "SELECT coalesce(sum(reserved), 0) + count(*) FROM stock", "SELECT count(*) FROM outbox",
                        "SELECT count(*) FROM processed_events WHERE consumer = '" + InventoryProcessor.CONSUMER + "'"));

        long order = newOrderId();
        inventoryHandler.handleRequest(mskEvent(inventoryHandler, Topics.ORDER_EVENTS, String.valueOf(order),
                orderEvent(UUID.randomUUID(), "ORDER_CREATED", order)), null);
        assertEquals("RESERVED", events.reservationStatus(order));
        assertEquals(List.of("STOCK_RESERVED"), events.outboxTypes("Reservation", order));
    }

    /**
     * SnapStart: before the snapshot the shipping participant cancels a synthetic order's shipment in a transaction
     * it rolls back, starts no Kafka client, and micronaut-crac empties the pool after it; after the restore a real
     * STOCK_DEDUCTED schedules a shipment.
     */
    @Test
    void beforeTheSnapshotTheShippingHandlerPrimesItselfAndLeavesNothing() throws Exception {
        primesAndLeavesNothing(shippingHandler, "shipping: synthetic ORDER_CANCELLED applied, rolled back",
                List.of("SELECT count(*) FROM shipments", "SELECT count(*) FROM outbox",
                        "SELECT count(*) FROM processed_events WHERE consumer = '" + ShippingProcessor.CONSUMER + "'"));

        long order = newOrderId();
        shippingHandler.handleRequest(mskEvent(shippingHandler, Topics.INVENTORY_EVENTS, String.valueOf(order),
                reservationEvent(UUID.randomUUID(), "STOCK_DEDUCTED", order)), null);
        assertEquals(List.of("SCHEDULED", "SBX-SHIP-" + order), events.shipment(order));
    }

    /** A simulated checkpoint of the handler's context: the primer ran, and left no row, connection or client. */
    private static void primesAndLeavesNothing(MicronautRequestHandler<?, ?> handler, String primer,
                                               List<String> counts) throws Exception {
        var context = handler.getApplicationContext();
        var sql = Sql.connect(context.getEnvironment());
        var pool = (HikariDataSource) DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
        var checkpoint = context.getBean(CheckpointSimulator.class);
        var rowsBefore = counts.stream().map(sql::count).toList();
        Set<String> kafkaThreads = KafkaClientThreads.names();

        checkpoint.runBeforeCheckpoint();
        try {
            var primed = context.getBean(SnapStartPriming.class).primed();
            assertEquals(List.of(primer), primed.stream().map(SnapStartPriming.Primed::name).toList());
            assertNull(primed.get(0).failure(), primed::toString);
            assertEquals(rowsBefore, counts.stream().map(sql::count).toList(), "nothing of the priming kept");
            var newThreads = new TreeSet<>(KafkaClientThreads.names());
            newThreads.removeAll(kafkaThreads);
            assertEquals(Set.of(), newThreads, "no Kafka producer or consumer started by the priming");
            Eventually.await("the pool closed its connections",
                    () -> pool.getHikariPoolMXBean().getTotalConnections() == 0);
        } finally {
            checkpoint.runAfterRestore(); // also when an assertion failed: the other tests need the pool
        }
    }
}
