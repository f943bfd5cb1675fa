package com.example.commerce.fulfillment;

import com.example.commerce.contract.EventType;
import com.example.commerce.contract.Topics;
import com.example.commerce.contract.inventory.InventoryEventType;
import com.example.commerce.contract.shipping.ShippingEventType;
import com.example.commerce.fulfillment.inventory.InventoryProcessor;
import com.example.commerce.fulfillment.shipping.ShippingProcessor;
import com.example.commerce.inventory.Inventory;
import com.example.commerce.testsupport.OutboxRows;
import com.example.commerce.testsupport.Sql;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

import static com.example.commerce.fulfillment.SagaEvents.incoming;
import static com.example.commerce.fulfillment.SagaEvents.newOrderId;
import static com.example.commerce.fulfillment.SagaEvents.orderEvent;
import static com.example.commerce.fulfillment.SagaEvents.reservationEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the participants write to the outbox is what events.schema.json (event-contract module) promises consumers,
 * at each event type's current schema version and on its topic.
 */
@MicronautTest(environments = "fulfillment-fn", transactional = false)
class EventSchemaTest {

    static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
            SchemaLocation.of("classpath:events/events.schema.json"),
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    @Inject
    InventoryProcessor inventoryParticipant;

    @Inject
    ShippingProcessor shippingParticipant;

    @Inject
    Inventory inventory;

    @Inject
    DataSource contextual;

    @Inject
    JsonMapper json;

    private Map<String, Object> parse(String text) {
        try {
            return json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyEventTypeTheParticipantsWriteValidates() {
        Sql sql = Sql.of(contextual);
        var outbox = new OutboxRows(sql, this::parse);
        long product = sql.count("INSERT INTO products (name, category, brand, price, status) "
                + "VALUES ('schema', 'c', 'b', 100, 'ACTIVE') RETURNING id");
        inventory.set(product, 3);
        long reserved = newOrderId();
        long rejected = newOrderId();
        long cancelled = newOrderId();
        long tombstone = newOrderId();
        inventoryParticipant.process(incoming(Topics.ORDER_EVENTS, 1,
                orderEvent(UUID.randomUUID(), "ORDER_CREATED", reserved, product, 2)));
        inventoryParticipant.process(incoming(Topics.ORDER_EVENTS, 2,
                orderEvent(UUID.randomUUID(), "ORDER_CREATED", rejected, product, 2)));
        inventoryParticipant.process(incoming(Topics.ORDER_EVENTS, 3,
                orderEvent(UUID.randomUUID(), "ORDER_PAID", reserved, product, 2)));
        inventoryParticipant.process(incoming(Topics.ORDER_EVENTS, 4,
                orderEvent(UUID.randomUUID(), "STOCK_RELEASE_REQUESTED", reserved, product, 2)));
        inventory.untrack(product);
        shippingParticipant.process(incoming(Topics.INVENTORY_EVENTS, 1,
                reservationEvent(UUID.randomUUID(), "STOCK_DEDUCTED", reserved)));
        shippingParticipant.process(incoming(Topics.ORDER_EVENTS, 5,
                orderEvent(UUID.randomUUID(), "ORDER_SHIPPED", reserved)));
        shippingParticipant.process(incoming(Topics.ORDER_EVENTS, 6,
                orderEvent(UUID.randomUUID(), "ORDER_DELIVERED", reserved)));
        shippingParticipant.process(incoming(Topics.INVENTORY_EVENTS, 2,
                reservationEvent(UUID.randomUUID(), "STOCK_DEDUCTED", cancelled)));
        shippingParticipant.process(incoming(Topics.ORDER_EVENTS, 7,
                orderEvent(UUID.randomUUID(), "ORDER_CANCELLED", cancelled)));
        shippingParticipant.process(incoming(Topics.ORDER_EVENTS, 8,
                orderEvent(UUID.randomUUID(), "ORDER_CANCELLED", tombstone)));

        var events = new ArrayList<OutboxRows.OutboxEvent>();
        events.addAll(outbox.of(InventoryEventType.STOCK, product));
        for (long order : List.of(reserved, rejected)) {
            events.addAll(outbox.of(InventoryEventType.RESERVATION, order));
        }
        for (long order : List.of(reserved, cancelled, tombstone)) {
            events.addAll(outbox.of(ShippingEventType.AGGREGATE_TYPE, order));
        }
        var types = new TreeSet<String>();
        for (OutboxRows.OutboxEvent event : events) {
            var errors = SCHEMA.validate(event.rawEvent(), InputFormat.JSON);
            assertTrue(errors.isEmpty(), () -> event.eventType() + " " + event.rawEvent() + " -> " + errors);
            EventType type = InventoryEventType.named(event.eventType()).map(EventType.class::cast)
                    .or(() -> ShippingEventType.named(event.eventType())).orElseThrow();
            assertEquals(type.schemaVersion(), ((Number) event.event().get("schemaVersion")).intValue(),
                    event::rawEvent);
            assertEquals(type.topic(), event.topic(), event::rawEvent);
            types.add(event.eventType());
        }
        assertEquals(new TreeSet<>(List.of("STOCK_LEVEL_CHANGED", "STOCK_RESERVED", "STOCK_REJECTED", "STOCK_DEDUCTED",
                "STOCK_RELEASED", "SHIPMENT_SCHEDULED", "SHIPMENT_SHIPPED", "SHIPMENT_DELIVERED",
                "SHIPMENT_CANCELLED")), types);
    }
}
