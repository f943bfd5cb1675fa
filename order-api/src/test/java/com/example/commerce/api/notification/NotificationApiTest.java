package com.example.commerce.api.notification;

import com.example.commerce.api.ApiTestBase;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

@MicronautTest(environments = "order-api", transactional = false)
class NotificationApiTest extends ApiTestBase {

    /** Notifications are written by notification-fn; here they are inserted as it would. */
    private long notify(long userId, String message, Instant at) {
        sql.execute("INSERT INTO notifications (user_id, order_id, type, message, source_event_id, created_at) "
                + "VALUES (?, 1, 'ORDER_CREATED', ?, ?, ?)", userId, message, UUID.randomUUID(), Timestamp.from(at));
        return sql.count("SELECT max(id) FROM notifications WHERE user_id = ?", userId);
    }

    private long userIdOf(String token) {
        var me = api.send(HttpRequest.POST("/api/orders", Map.of("items", List.of())), token);
        assertEquals(400, me.status());
        return sql.count("SELECT id FROM users ORDER BY id DESC LIMIT 1");
    }

    @Test
    void aUserSeesOnlyTheirNotificationsNewestFirstAndMarksThemRead() {
        String token = api.newUserToken();
        long userId = userIdOf(token);
        String other = api.newUserToken();
        long otherId = userIdOf(other);
        Instant now = Instant.now();
        long older = notify(userId, "older", now.minusSeconds(60));
        long newer = notify(userId, "newer", now);
        long foreign = notify(otherId, "not yours", now);

        var page = api.send(HttpRequest.GET("/api/notifications"), token);

        assertEquals(List.of("newer", "older"), page.list("items").stream().map(n -> n.get("message")).toList());
        assertEquals(false, page.list("items").get(0).get("read"));

        assertEquals(204, api.send(HttpRequest.PATCH("/api/notifications/" + newer + "/read", ""), token).status());
        assertEquals(204, api.send(HttpRequest.PATCH("/api/notifications/" + newer + "/read", ""), token).status());
        assertProblem(404, api.send(HttpRequest.PATCH("/api/notifications/" + foreign + "/read", ""), token));
        assertProblem(404, api.send(HttpRequest.PATCH("/api/notifications/999999999/read", ""), token));

        var after = api.send(HttpRequest.GET("/api/notifications"), token);
        assertEquals(List.of(true, false), after.list("items").stream().map(n -> n.get("read")).toList());
        assertEquals(older, ((Number) after.list("items").get(1).get("id")).longValue());
        assertProblem(401, api.send(HttpRequest.GET("/api/notifications")));
    }
}
