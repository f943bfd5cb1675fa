package com.example.commerce.fulfillment.inventory;

import com.example.commerce.consumer.DeadLetters;
import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.contract.Topics;
import com.example.commerce.fulfillment.ParticipantProcessor.Outcome;
import com.example.commerce.fulfillment.SagaEvents;
import com.example.commerce.inventory.Inventory;
import com.example.commerce.testsupport.Sql;
import io.micronaut.context.annotation.Value;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.example.commerce.fulfillment.SagaEvents.incoming;
import static com.example.commerce.fulfillment.SagaEvents.newOrderId;
import static com.example.commerce.fulfillment.SagaEvents.orderEvent;
import static com.example.commerce.testsupport.Eventually.await;
import static com.example.commerce.testsupport.TopicRecords.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inventory participant against the real (embedded) broker and database, fed as the relay feeds it. */
@MicronautTest(environments = "fulfillment-fn", transactional = false)
class InventoryParticipantTest {

    @Inject
    DataSource contextual;

    @Inject
    Inventory inventory;

    @Inject
    InventoryProcessor processor;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    SagaEvents events;
    Sql sql;

    @BeforeEach
    void connect() {
        sql = Sql.of(contextual);
        events = new SagaEvents(bootstrapServers, sql);
    }

    @AfterEach
    void disconnect() {
        events.close();
    }

    @Test
    void anOrderIsReservedOnCreationDeductedWhenPaidAndReleasedWhenAsked() throws Exception {
        long product = events.newProduct();
        long untracked = events.newProduct();
        inventory.set(product, 10);
        long order = newOrderId();
        String key = String.valueOf(order);

        events.send(Topics.ORDER_EVENTS, key, orderEvent(UUID.randomUUID(), "ORDER_CREATED", order, product, 3,
                untracked, 100));
        await("the reservation", () -> "RESERVED".equals(events.reservationStatus(order)));
        assertEquals(List.of(10L, 3L), events.stock(product));

        events.send(Topics.ORDER_EVENTS, key, orderEvent(UUID.randomUUID(), "ORDER_PAID", order, product, 3));
        await("the deduction", () -> "DEDUCTED".equals(events.reservationStatus(order)));
        assertEquals(List.of(7L, 0L), events.stock(product));

        events.send(Topics.ORDER_EVENTS, key,
                orderEvent(UUID.randomUUID(), "STOCK_RELEASE_REQUESTED", order, product, 3));
        await("the release", () -> "RELEASED".equals(events.reservationStatus(order)));
        assertEquals(List.of(10L, 0L), events.stock(product));
        assertEquals(List.of("STOCK_RESERVED", "STOCK_DEDUCTED", "STOCK_RELEASED"),
                events.outboxTypes("Reservation", order));
        assertEquals(3, sql.count("SELECT count(*) FROM outbox WHERE aggregate_type = 'Reservation' "
                + "AND aggregate_id = ? AND topic = 'inventory-events'", key));
    }

    @Test
    void everyEventDeliveredTwiceHasOneEffect() {
        long product = events.newProduct();
        inventory.set(product, 5);
        long order = newOrderId();
        String created = orderEvent(UUID.randomUUID(), "ORDER_CREATED", order, product, 2);
        String paid = orderEvent(UUID.randomUUID(), "ORDER_PAID", order, product, 2);
        String release = orderEvent(UUID.randomUUID(), "STOCK_RELEASE_REQUESTED", order, product, 2);

        assertEquals(Outcome.APPLIED, processor.process(incoming(Topics.ORDER_EVENTS, 1, created)));
        assertEquals(Outcome.DUPLICATE, processor.process(incoming(Topics.ORDER_EVENTS, 1, created)));
        assertEquals(List.of(5L, 2L), events.stock(product));
        assertEquals(Outcome.APPLIED, processor.process(incoming(Topics.ORDER_EVENTS, 2, paid)));
        assertEquals(Outcome.DUPLICATE, processor.process(incoming(Topics.ORDER_EVENTS, 2, paid)));
        assertEquals(List.of(3L, 0L), events.stock(product));
        assertEquals(Outcome.APPLIED, processor.process(incoming(Topics.ORDER_EVENTS, 3, release)));
        assertEquals(Outcome.DUPLICATE, processor.process(incoming(Topics.ORDER_EVENTS, 3, release)));
        assertEquals(List.of(5L, 0L), events.stock(product));
        assertEquals(List.of("STOCK_RESERVED", "STOCK_DEDUCTED", "STOCK_RELEASED"),
                events.outboxTypes("Reservation", order));

        // The same changes under new event ids (a producer's retry): the reservation's state absorbs them.
        assertEquals(Outcome.UNCHANGED, processor.process(incoming(Topics.ORDER_EVENTS, 4,
                orderEvent(UUID.randomUUID(), "ORDER_CREATED", order, product, 2))));
        assertEquals(Outcome.UNCHANGED, processor.process(incoming(Topics.ORDER_EVENTS, 5,
                orderEvent(UUID.randomUUID(), "STOCK_RELEASE_REQUESTED", order, product, 2))));
        assertEquals(List.of(5L, 0L), events.stock(product));
        assertEquals(3, events.outboxTypes("Reservation", order).size());
    }

    @Test
    void aReleaseBeforeTheOrderIsReservedMeansItIsNeverReserved() {
        long product = events.newProduct();
        inventory.set(product, 5);
        long order = newOrderId();

        assertEquals(Outcome.APPLIED, processor.process(incoming(Topics.ORDER_EVENTS, 1,
                orderEvent(UUID.randomUUID(), "STOCK_RELEASE_REQUESTED", order, product, 2))));
        assertEquals(Outcome.UNCHANGED, processor.process(incoming(Topics.ORDER_EVENTS, 2,
                orderEvent(UUID.randomUUID(), "ORDER_CREATED", order, product, 2))));
        assertEquals(Outcome.UNCHANGED, processor.process(incoming(Topics.ORDER_EVENTS, 3,
                orderEvent(UUID.randomUUID(), "ORDER_PAID", order, product, 2))));
        assertEquals("RELEASED", events.reservationStatus(order));
        assertEquals(List.of(5L, 0L), events.stock(product));
        assertEquals(List.of("STOCK_RELEASED"), events.outboxTypes("Reservation", order));
    }

    @Test
    void anOrderThatDoesNotFitIsRejectedAndHoldsNothing() {
        long product = events.newProduct();
        inventory.set(product, 1);
        long order = newOrderId();
        processor.process(incoming(Topics.ORDER_EVENTS, 1,
                orderEvent(UUID.randomUUID(), "ORDER_CREATED", order, product, 2)));
        assertEquals("REJECTED", events.reservationStatus(order));
        assertEquals(List.of(1L, 0L), events.stock(product));
        assertEquals(List.of("STOCK_REJECTED"), events.outboxTypes("Reservation", order));
    }

    @Test
    void otherOrderEventsAreSkipped() {
        long order = newOrderId();
        assertEquals(Outcome.SKIPPED, processor.process(incoming(Topics.ORDER_EVENTS, 1,
                orderEvent(UUID.randomUUID(), "ORDER_CANCELLED", order))));
        assertEquals(Outcome.SKIPPED, processor.process(incoming(Topics.ORDER_EVENTS, 2,
                orderEvent(UUID.randomUUID(), "ORDER_SOMETHING_NEW", order))));
        assertEquals(null, events.reservationStatus(order));
    }

    @Test
    void aDeliveryIsWrittenInOneTransactionAndItsRedeliveryChangesNothing() {
        long product = events.newProduct();
        inventory.set(product, 10);
        long first = newOrderId();
        long second = newOrderId();
        var delivery = List.of(
                incoming(Topics.ORDER_EVENTS, 1, orderEvent(UUID.randomUUID(), "ORDER_CREATED", first, product, 2)),
                incoming(Topics.ORDER_EVENTS, 2, orderEvent(UUID.randomUUID(), "ORDER_CREATED", second, product, 3)),
                incoming(Topics.ORDER_EVENTS, 3, orderEvent(UUID.randomUUID(), "ORDER_SHIPPED", first)),
                incoming(Topics.ORDER_EVENTS, 4, orderEvent(UUID.randomUUID(), "ORDER_PAID", first, product, 2)));

        processor.process(delivery);

        assertEquals("DEDUCTED", events.reservationStatus(first), "the payment after the creation, in order");
        assertEquals("RESERVED", events.reservationStatus(second));
        assertEquals(List.of(8L, 3L), events.stock(product));
        assertEquals(List.of("STOCK_RESERVED", "STOCK_DEDUCTED"), events.outboxTypes("Reservation", first));
        assertEquals(List.of("STOCK_RESERVED"), events.outboxTypes("Reservation", second));
        // One transaction wrote every row: the marks, the reservations and their events share its id.
        assertEquals(1, sql.count("SELECT count(DISTINCT xmin::text) FROM (SELECT xmin FROM outbox "
                + "WHERE aggregate_type = 'Reservation' AND aggregate_id IN (?, ?) UNION ALL SELECT xmin "
                + "FROM stock_reservations WHERE order_id IN (?, ?)) AS rows", String.valueOf(first),
                String.valueOf(second), first, second));

        processor.process(delivery);

        assertEquals(List.of(8L, 3L), events.stock(product), "the same delivery again changes nothing");
        assertEquals(List.of("STOCK_RESERVED", "STOCK_DEDUCTED"), events.outboxTypes("Reservation", first));
        assertEquals(List.of("STOCK_RESERVED"), events.outboxTypes("Reservation", second));
    }

    @Test
    void aDeliveryTheDatabaseRefusesAnEventOfDeadLettersThatEventAndWritesTheOthers() {
        long product = events.newProduct();
        inventory.set(product, 10);
        long refused = newOrderId();
        long accepted = newOrderId();
        String key = "refused-" + UUID.randomUUID();
        var delivery = List.of(
                incoming(Topics.ORDER_EVENTS, 1, orderEvent(UUID.randomUUID(), "ORDER_CREATED", accepted, product, 1)),
                new IncomingEvent(Topics.ORDER_EVENTS, 0, 2, key.getBytes(StandardCharsets.UTF_8),
                        orderEvent(UUID.randomUUID(), "ORDER_CREATED", refused, product, 1)
                                .getBytes(StandardCharsets.UTF_8), Map.of()),
                incoming(Topics.ORDER_EVENTS, 3, "{not json"));

        try (var refusal = sql.refuse("stock_reservations", "INSERT", "NEW.order_id = " + refused, "23514")) {
            processor.process(delivery);
        }

        assertEquals("RESERVED", events.reservationStatus(accepted));
        assertEquals(null, events.reservationStatus(refused));
        assertEquals(List.of(10L, 1L), events.stock(product), "only the accepted order holds stock");
        var dead = events.deadLettered(Topics.ORDER_EVENTS_DLQ, key, 1);
        assertEquals(1, dead.size());
        assertTrue(header(dead.get(0), DeadLetters.ERROR).contains("23514"), header(dead.get(0), DeadLetters.ERROR));
    }

    @Test
    void aDeliveryThatFailsForNowWritesNothingAndIsThrownForItsRetry() {
        long product = events.newProduct();
        inventory.set(product, 10);
        long first = newOrderId();
        long second = newOrderId();
        var delivery = List.of(
                incoming(Topics.ORDER_EVENTS, 1, orderEvent(UUID.randomUUID(), "ORDER_CREATED", first, product, 1)),
                incoming(Topics.ORDER_EVENTS, 2, orderEvent(UUID.randomUUID(), "ORDER_CREATED", second, product, 1)));

        try (var refusal = sql.refuse("stock_reservations", "INSERT", "NEW.order_id = " + second, "40001")) {
            assertThrows(RuntimeException.class, () -> processor.process(delivery));
        }
        assertEquals(null, events.reservationStatus(first), "the first event's reservation went with the rollback");
        assertEquals(List.of(10L, 0L), events.stock(product));

        processor.process(delivery);

        assertEquals("RESERVED", events.reservationStatus(first));
        assertEquals("RESERVED", events.reservationStatus(second));
        assertEquals(List.of(10L, 2L), events.stock(product));
    }

    @Test
    void malformedRecordsAreDeadLetteredAndTheRecordsAfterThemProcessed() throws Exception {
        long order = newOrderId();
        String key = "poison-" + UUID.randomUUID();
        events.send(Topics.ORDER_EVENTS, key, "{not json");
        // An order's creation without its lines cannot be reserved.
        events.send(Topics.ORDER_EVENTS, key, orderEvent(UUID.randomUUID(), "ORDER_CREATED", order)
                .replace("\"items\":[],", ""));
        events.send(Topics.ORDER_EVENTS, key, orderEvent(UUID.randomUUID(), "ORDER_CREATED", order));

        await("the valid event after the poison", () -> "RESERVED".equals(events.reservationStatus(order)));
        var dead = events.deadLettered(Topics.ORDER_EVENTS_DLQ, key, 2).stream()
                .filter(record -> InventoryProcessor.CONSUMER.equals(header(record, DeadLetters.CONSUMER)))
                .toList();
        assertEquals(2, dead.size(), "bad JSON and a creation without items");
        assertEquals("{not json", new String(dead.get(0).value()));
        assertTrue(header(dead.get(1), DeadLetters.ERROR).contains("items"), header(dead.get(1), DeadLetters.ERROR));
        for (var record : dead) {
            assertEquals(Topics.ORDER_EVENTS, header(record, DeadLetters.ORIGINAL_TOPIC));
            assertEquals("TEST", header(record, "eventType"), "the original headers travel along");
        }
    }
}
