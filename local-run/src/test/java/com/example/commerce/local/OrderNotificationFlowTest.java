package com.example.commerce.local;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole local system: an order placed through the API is committed with its event, the relay publishes it,
 * notification-fn consumes it, and the user reads the notification through the API.
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
class OrderNotificationFlowTest {

    @Inject
    @Client("/")
    HttpClient client;

    private String login(String username, String password) {
        return (String) client.toBlocking().retrieve(HttpRequest.POST("/login",
                Map.of("username", username, "password", password)), Map.class).get("access_token");
    }

    @Test
    void anOrderPlacedThroughTheApiBecomesTheUsersNotification() throws Exception {
        var http = client.toBlocking();
        String admin = login("admin", "admin-password-1");
        long product = ((Number) http.retrieve(HttpRequest.POST("/api/products", Map.of("name", "Flow book",
                "category", "books", "brand", "acme", "price", 7_500)).bearerAuth(admin), Map.class).get("id"))
                .longValue();
        String username = "flow" + UUID.randomUUID().toString().substring(0, 8);
        http.exchange(HttpRequest.POST("/api/auth/signup", Map.of("username", username, "password", "flow-password-1")));
        String user = login(username, "flow-password-1");

        long order = ((Number) http.retrieve(HttpRequest.POST("/api/orders", Map.of("items",
                List.of(Map.of("productId", product, "quantity", 2)))).bearerAuth(user), Map.class).get("id"))
                .longValue();

        String expected = "Your order #" + order + " has been created. Total: 15,000";
        List<Map<String, Object>> notifications = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (notifications.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            Map<String, Object> page = http.retrieve(HttpRequest.GET("/api/notifications").bearerAuth(user),
                    Argument.mapOf(String.class, Object.class));
            @SuppressWarnings("unchecked")
            var items = (List<Map<String, Object>>) page.get("items");
            notifications = items;
        }
        assertEquals(1, notifications.size(), "one notification within 30 s");
        assertEquals(expected, notifications.get(0).get("message"));
        assertEquals("ORDER_CREATED", notifications.get(0).get("type"));
        assertEquals(order, ((Number) notifications.get(0).get("orderId")).longValue());
        assertEquals(false, notifications.get(0).get("read"));
    }
}
