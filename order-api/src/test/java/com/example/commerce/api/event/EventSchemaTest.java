package com.example.commerce.api.event;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.api.catalog.ProductViews;
import com.example.commerce.contract.EventType;
import com.example.commerce.contract.catalog.CatalogEventType;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.OutboxRows;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the code writes to the outbox is what events.schema.json (event-contract module) promises consumers, at each
 * event type's current schema version.
 */
@MicronautTest(environments = "order-api", transactional = false)
class EventSchemaTest extends ApiTestBase {

    @Inject
    ProductViews views;

    static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
            SchemaLocation.of("classpath:events/events.schema.json"),
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    @Test
    void everyEventTypeTheApiWritesValidates() {
        String admin = api.adminToken();
        String user = api.newUserToken();
        long product = api.createProduct(admin, "Schema check", 700);
        api.send(HttpRequest.PUT("/api/products/" + product, Map.of("name", "Schema check 2", "category", "c",
                "brand", "b", "price", 800)), admin);
        api.send(HttpRequest.GET("/api/products/" + product), user);
        api.send(HttpRequest.GET("/api/products/" + product));
        views.publishCounts();
        api.send(HttpRequest.POST("/api/products/" + product + "/like", ""), user);
        api.send(HttpRequest.DELETE("/api/products/" + product + "/like"), user);
        long paid = api.send(HttpRequest.POST("/api/orders", Map.of("items",
                List.of(Map.of("productId", product, "quantity", 3)))), user).id();
        api.send(HttpRequest.PATCH("/api/orders/" + paid + "/pay", ""), user);
        api.send(HttpRequest.PATCH("/api/orders/" + paid + "/cancel", ""), user);
        long pending = api.send(HttpRequest.POST("/api/orders", Map.of("items",
                List.of(Map.of("productId", product, "quantity", 1)))), user).id();
        api.send(HttpRequest.PATCH("/api/orders/" + pending + "/cancel", ""), user);
        api.send(HttpRequest.DELETE("/api/products/" + product), admin);

        var events = new ArrayList<OutboxRows.OutboxEvent>();
        events.addAll(outbox.of("Product", product));
        events.addAll(outbox.of("Order", paid));
        events.addAll(outbox.of("Order", pending));

        var types = new TreeSet<String>();
        for (OutboxRows.OutboxEvent event : events) {
            Set<ValidationMessage> errors = SCHEMA.validate(event.rawEvent(), InputFormat.JSON);
            assertTrue(errors.isEmpty(), () -> event.eventType() + " " + event.rawEvent() + " -> " + errors);
            EventType type = OrderEventType.named(event.eventType()).map(EventType.class::cast)
                    .or(() -> CatalogEventType.named(event.eventType())).orElseThrow();
            assertEquals(type.schemaVersion(), ((Number) event.event().get("schemaVersion")).intValue(),
                    () -> event.rawEvent() + " is not at " + type + "'s current version");
            assertEquals(type.topic(), event.topic(), event::rawEvent);
            types.add(event.eventType());
        }
        assertEquals(new TreeSet<>(List.of("ORDER_CREATED", "ORDER_PAID", "ORDER_CANCELLED", "PRODUCT_CREATED",
                "PRODUCT_UPDATED", "PRODUCT_DELETED", "PRODUCT_LIKED", "PRODUCT_UNLIKED", "PRODUCT_VIEWED")), types);
    }

    @Test
    void theSchemaRejectsWhatConsumersCouldNotHandle() {
        String valid = """
                {"eventId":"1b4e28ba-2fa1-11d2-883f-0016d3cca427","eventType":"ORDER_PAID","aggregateType":"Order",
                 "aggregateId":"12","aggregateVersion":2,"occurredAt":"2026-01-01T00:00:00Z","schemaVersion":1,
                 "payload":{"orderId":12,"userId":3,"status":"PAID","previousStatus":"PENDING","totalAmount":15000,
                 "items":[{"productId":1,"productName":"Book","unitPrice":15000,"quantity":1,"lineTotal":15000}]}}""";
        assertTrue(SCHEMA.validate(valid, InputFormat.JSON).isEmpty());

        assertFalse(SCHEMA.validate(valid.replace("\"status\":\"PAID\"", "\"status\":\"PENDING\""),
                InputFormat.JSON).isEmpty(), "an ORDER_PAID whose order is not PAID");
        assertFalse(SCHEMA.validate(valid.replace("\"eventId\":\"1b4e28ba-2fa1-11d2-883f-0016d3cca427\",", ""),
                InputFormat.JSON).isEmpty(), "no eventId");
        assertFalse(SCHEMA.validate(valid.replace("ORDER_PAID", "ORDER_SHIPPED"), InputFormat.JSON).isEmpty(),
                "an unknown event type");
        assertFalse(SCHEMA.validate(valid.replace("\"totalAmount\":15000", "\"totalAmount\":\"15000\""),
                InputFormat.JSON).isEmpty(), "an amount as a string");
    }
}
