package com.example.commerce.local;

import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Eventually;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole local system: an order placed through the API is committed with its event, the relay publishes it,
 * notification-fn consumes it, and the user reads the notification through the API.
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
class OrderNotificationFlowTest {

    @Inject
    ApiClient api;

    @Test
    void anOrderPlacedThroughTheApiBecomesTheUsersNotification() throws Exception {
        long product = api.createProduct(api.adminToken(), "Flow book", 7_500);
        String user = api.newUserToken();

        var placed = api.send(HttpRequest.POST("/api/orders", Map.of("items",
                List.of(Map.of("productId", product, "quantity", 2)))), user);
        assertEquals(201, placed.status(), placed::toString);
        long order = placed.id();

        String expected = "Your order #" + order + " has been created. Total: 15,000";
        List<Map<String, Object>> notifications = Eventually.lastRead(Duration.ofSeconds(30), Duration.ofMillis(100),
                () -> api.send(HttpRequest.GET("/api/notifications"), user).list("items"), items -> !items.isEmpty());
        assertEquals(1, notifications.size(), "one notification within 30 s");
        assertEquals(expected, notifications.get(0).get("message"));
        assertEquals("ORDER_CREATED", notifications.get(0).get("type"));
        assertEquals(order, ((Number) notifications.get(0).get("orderId")).longValue());
        assertEquals(false, notifications.get(0).get("read"));
    }
}
