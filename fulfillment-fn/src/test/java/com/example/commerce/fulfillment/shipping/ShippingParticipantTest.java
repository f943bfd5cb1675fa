package com.example.commerce.fulfillment.shipping;

import com.example.commerce.consumer.DeadLetters;
import com.example.commerce.contract.Topics;
import com.example.commerce.fulfillment.ParticipantProcessor.Outcome;
import com.example.commerce.fulfillment.SagaEvents;
import com.example.commerce.testsupport.OutboxRows;
import com.example.commerce.testsupport.Sql;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static com.example.commerce.fulfillment.SagaEvents.incoming;
import static com.example.commerce.fulfillment.SagaEvents.newOrderId;
import static com.example.commerce.fulfillment.SagaEvents.orderEvent;
import static com.example.commerce.fulfillment.SagaEvents.reservationEvent;
import static com.example.commerce.testsupport.Eventually.await;
import static com.example.commerce.testsupport.TopicRecords.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipping participant against the real (embedded) broker and database, fed as the relay feeds it. */
@MicronautTest(environments = "fulfillment-fn", transactional = false)
class ShippingParticipantTest {

    @Inject
    DataSource contextual;

    @Inject
    ShippingProcessor processor;

    @Inject
    SandboxCarrier carrier;

    @Inject
    JsonMapper json;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    SagaEvents events;
    OutboxRows outbox;
    Sql sql;

    @BeforeEach
    void connect() {
        sql = Sql.of(contextual);
        events = new SagaEvents(bootstrapServers, sql);
        outbox = new OutboxRows(sql, this::parse);
    }

    private Map<String, Object> parse(String text) {
        try {
            return json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void disconnect() {
        events.close();
    }

    @Test
    void aDeductedOrderIsScheduledThenShippedThenDelivered() throws Exception {
        long order = newOrderId();
        String key = String.valueOf(order);
        String deducted = reservationEvent(UUID.randomUUID(), "STOCK_DEDUCTED", order);
        events.send(Topics.INVENTORY_EVENTS, key, deducted);
        events.send(Topics.INVENTORY_EVENTS, key, deducted);
        await("the shipment", () -> events.shipment(order) != null);
        assertEquals(List.of("SCHEDULED", "SBX-SHIP-" + order), events.shipment(order));

        events.send(Topics.ORDER_EVENTS, key, orderEvent(UUID.randomUUID(), "ORDER_SHIPPED", order));
        await("shipped", () -> "SHIPPED".equals(events.shipment(order).get(0)));
        events.send(Topics.ORDER_EVENTS, key, orderEvent(UUID.randomUUID(), "ORDER_DELIVERED", order));
        await("delivered", () -> "DELIVERED".equals(events.shipment(order).get(0)));

        var published = outbox.of("Shipment", order);
        assertEquals(List.of("SHIPMENT_SCHEDULED", "SHIPMENT_SHIPPED", "SHIPMENT_DELIVERED"),
                published.stream().map(OutboxRows.OutboxEvent::eventType).toList());
        assertEquals(List.of(1L, 2L, 3L), published.stream().map(OutboxRows.OutboxEvent::aggregateVersion).toList());
        assertEquals(Topics.SHIPPING_EVENTS, published.get(0).topic());
        assertEquals("SBX-SHIP-" + order, published.get(2).payload().get("carrierReference"));
        assertEquals("DELIVERED", published.get(2).payload().get("status"));
    }

    @Test
    void everyEventDeliveredTwiceHasOneEffect() {
        long order = newOrderId();
        String deducted = reservationEvent(UUID.randomUUID(), "STOCK_DEDUCTED", order);
        String shipped = orderEvent(UUID.randomUUID(), "ORDER_SHIPPED", order);
        String delivered = orderEvent(UUID.randomUUID(), "ORDER_DELIVERED", order);

        assertEquals(Outcome.APPLIED, processor.process(incoming(Topics.INVENTORY_EVENTS, 1, deducted)));
        assertEquals(Outcome.DUPLICATE, processor.process(incoming(Topics.INVENTORY_EVENTS, 1, deducted)));
        assertEquals(Outcome.APPLIED, processor.process(incoming(Topics.ORDER_EVENTS, 1, shipped)));
        assertEquals(Outcome.DUPLICATE, processor.process(incoming(Topics.ORDER_EVENTS, 1, shipped)));
        assertEquals(Outcome.APPLIED, processor.process(incoming(Topics.ORDER_EVENTS, 2, delivered)));
        assertEquals(Outcome.DUPLICATE, processor.process(incoming(Topics.ORDER_EVENTS, 2, delivered)));
        // A late cancellation of a delivered order changes nothing.
        assertEquals(Outcome.UNCHANGED, processor.process(incoming(Topics.ORDER_EVENTS, 3,
                orderEvent(UUID.randomUUID(), "ORDER_CANCELLED", order))));
        assertEquals(List.of("SHIPMENT_SCHEDULED", "SHIPMENT_SHIPPED", "SHIPMENT_DELIVERED"),
                events.outboxTypes("Shipment", order));
    }

    @Test
    void cancellingAScheduledShipmentCancelsItWithTheCarrierOnce() {
        long order = newOrderId();
        processor.process(incoming(Topics.INVENTORY_EVENTS, 1,
                reservationEvent(UUID.randomUUID(), "STOCK_DEDUCTED", order)));

        String cancelled = orderEvent(UUID.randomUUID(), "ORDER_CANCELLED", order);
        assertEquals(Outcome.APPLIED, processor.process(incoming(Topics.ORDER_EVENTS, 1, cancelled)));
        assertEquals(Outcome.DUPLICATE, processor.process(incoming(Topics.ORDER_EVENTS, 1, cancelled)));
        assertEquals(Outcome.UNCHANGED, processor.process(incoming(Topics.ORDER_EVENTS, 2,
                orderEvent(UUID.randomUUID(), "ORDER_CANCELLED", order))));
        assertEquals(Outcome.UNCHANGED, processor.process(incoming(Topics.ORDER_EVENTS, 3,
                orderEvent(UUID.randomUUID(), "ORDER_SHIPPED", order))), "a cancelled shipment is never shipped");

        assertEquals(List.of("CANCELLED", "SBX-SHIP-" + order), events.shipment(order));
        var published = outbox.of("Shipment", order);
        assertEquals(List.of("SHIPMENT_SCHEDULED", "SHIPMENT_CANCELLED"),
                published.stream().map(OutboxRows.OutboxEvent::eventType).toList());
        assertEquals(2L, published.get(1).aggregateVersion());
        assertEquals("SBX-SHIP-" + order, published.get(1).payload().get("carrierReference"));
    }

    @Test
    void anOrderCancelledBeforeItsStockWasDeductedIsNeverScheduled() {
        long order = newOrderId();
        assertEquals(Outcome.APPLIED, processor.process(incoming(Topics.ORDER_EVENTS, 1,
                orderEvent(UUID.randomUUID(), "ORDER_CANCELLED", order))));
        assertEquals(Arrays.asList("CANCELLED", null), events.shipment(order), "a tombstone without reference");

        assertEquals(Outcome.UNCHANGED, processor.process(incoming(Topics.INVENTORY_EVENTS, 1,
                reservationEvent(UUID.randomUUID(), "STOCK_DEDUCTED", order))));
        assertEquals(Outcome.UNCHANGED, processor.process(incoming(Topics.ORDER_EVENTS, 2,
                orderEvent(UUID.randomUUID(), "ORDER_CANCELLED", order))));
        assertEquals(Arrays.asList("CANCELLED", null), events.shipment(order));

        var published = outbox.of("Shipment", order);
        assertEquals(List.of("SHIPMENT_CANCELLED"), published.stream().map(OutboxRows.OutboxEvent::eventType).toList());
        assertEquals(1L, published.get(0).aggregateVersion());
        assertNull(published.get(0).payload().get("shipmentId"));
        assertNull(published.get(0).payload().get("carrierReference"));
        assertEquals("CANCELLED", published.get(0).payload().get("status"));
    }

    /**
     * A delivery that rolls back after booking the carrier for one of its orders leaves a booking and no shipment
     * row. If that order's cancellation comes before the delivery's retry, the carrier must not keep the booking:
     * nothing would ever cancel it, and a real carrier would ship a cancelled order.
     */
    @Test
    void aBookingLeftByARolledBackDeliveryIsCancelledWithTheOrder() {
        long cancelledFirst = newOrderId();
        long other = newOrderId();
        var delivery = List.of(
                incoming(Topics.INVENTORY_EVENTS, 1,
                        reservationEvent(UUID.randomUUID(), "STOCK_DEDUCTED", cancelledFirst)),
                incoming(Topics.INVENTORY_EVENTS, 2, reservationEvent(UUID.randomUUID(), "STOCK_DEDUCTED", other)));
        try (var refusal = sql.refuse("shipments", "INSERT", "NEW.order_id = " + other, "40001")) {
            assertThrows(RuntimeException.class, () -> processor.process(delivery));
        }
        assertNull(events.shipment(cancelledFirst), "nothing of the delivery committed");
        assertTrue(carrier.booking(cancelledFirst).isPresent(), "the carrier was booked all the same");

        assertEquals(Outcome.APPLIED, processor.process(incoming(Topics.ORDER_EVENTS, 1,
                orderEvent(UUID.randomUUID(), "ORDER_CANCELLED", cancelledFirst))));
        processor.process(delivery);

        assertEquals(Arrays.asList("CANCELLED", null), events.shipment(cancelledFirst));
        assertEquals(Optional.empty(), carrier.booking(cancelledFirst), "a cancelled order keeps a live booking");
        assertEquals(List.of("SCHEDULED", "SBX-SHIP-" + other), events.shipment(other));
        assertEquals(Optional.of("SBX-SHIP-" + other), carrier.booking(other));
    }

    @Test
    void otherEventsAreSkipped() {
        long order = newOrderId();
        assertEquals(Outcome.SKIPPED, processor.process(incoming(Topics.INVENTORY_EVENTS, 1,
                reservationEvent(UUID.randomUUID(), "STOCK_RESERVED", order))));
        assertEquals(Outcome.SKIPPED, processor.process(incoming(Topics.ORDER_EVENTS, 1,
                orderEvent(UUID.randomUUID(), "ORDER_PAID", order))));
        assertEquals(Outcome.UNCHANGED, processor.process(incoming(Topics.ORDER_EVENTS, 2,
                orderEvent(UUID.randomUUID(), "ORDER_DELIVERED", order))), "nothing to deliver");
        assertNull(events.shipment(order));
    }

    @Test
    void aMalformedInventoryEventIsDeadLetteredAndTheNextOneProcessed() throws Exception {
        long order = newOrderId();
        String key = "poison-" + UUID.randomUUID();
        events.send(Topics.INVENTORY_EVENTS, key, reservationEvent(UUID.randomUUID(), "STOCK_DEDUCTED", order)
                .replace("\"orderId\":" + order, "\"orderId\":\"x\""));
        events.send(Topics.INVENTORY_EVENTS, key, reservationEvent(UUID.randomUUID(), "STOCK_DEDUCTED", order));

        await("the valid event after the poison", () -> events.shipment(order) != null);
        var dead = events.deadLettered(Topics.INVENTORY_EVENTS_DLQ, key, 1);
        assertEquals(1, dead.size());
        assertEquals(ShippingProcessor.CONSUMER, header(dead.get(0), DeadLetters.CONSUMER));
        assertEquals(Topics.INVENTORY_EVENTS, header(dead.get(0), DeadLetters.ORIGINAL_TOPIC));
        assertTrue(header(dead.get(0), DeadLetters.ERROR).contains("orderId"), header(dead.get(0), DeadLetters.ERROR));
    }
}
