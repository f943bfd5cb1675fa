package com.example.commerce.api.notification;

import com.example.commerce.api.ApiTestBase;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live stream pushes a user's new notifications, and only theirs, over a real HTTP connection. */
@MicronautTest(environments = "order-api", transactional = false)
class NotificationStreamTest extends ApiTestBase {

    @Inject
    EmbeddedServer server;

    private long userIdOf(String username) {
        return sql.count("SELECT id FROM users WHERE username = ?", username);
    }

    /** Notifications are written by notification-fn; here they are inserted as it would. */
    private void notify(long userId, String type, String message) {
        sql.execute("INSERT INTO notifications (user_id, type, message, source_event_id, channel_id, message_id) "
                + "VALUES (?, ?, ?, ?, 5, 6)", userId, type, message, UUID.randomUUID());
    }

    @Test
    void newNotificationsArePushedToTheirUserOnly() throws Exception {
        String name = "s" + UUID.randomUUID().toString().substring(0, 12);
        api.signUp(name, "password1");
        String token = api.login(name, "password1");
        long userId = userIdOf(name);
        String otherName = "s" + UUID.randomUUID().toString().substring(0, 12);
        api.signUp(otherName, "password1");
        notify(userId, "ORDER_CREATED", "before the stream");

        var request = HttpRequest.newBuilder(server.getURI().resolve("/api/notifications/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().sendAsync(request,
                HttpResponse.BodyHandlers.ofInputStream()).get(30, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        try (var lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            // The ready event, then the two notifications: event and data lines.
            var received = new ArrayList<String>();
            var ready = new CompletableFuture<Void>();
            var twoEvents = CompletableFuture.supplyAsync(() -> {
                try {
                    String line;
                    int data = 0;
                    int named = 0;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("event:") || line.startsWith("data:")) {
                            received.add(line.replaceFirst("^(event|data): ?", "$1:"));
                            data += line.startsWith("data:") ? 1 : 0;
                            named += line.startsWith("event:") ? 1 : 0;
                            if (data == 1) {
                                ready.complete(null); // the stream knows where it starts: notify from now on
                            }
                            if (data == 3 && named == 3) {
                                return List.copyOf(received);
                            }
                        }
                    }
                    return List.copyOf(received);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            ready.get(30, TimeUnit.SECONDS);
            notify(userIdOf(otherName), "MENTION", "someone else's");
            notify(userId, "MENTION", "live one");
            notify(userId, "ORDER_PAID", "live two");
            List<String> events = twoEvents.get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
            assertEquals(List.of("event:ready", "event:MENTION", "event:ORDER_PAID"),
                    events.stream().filter(e -> e.startsWith("event:")).toList(), events::toString);
            var data = events.stream().filter(e -> e.startsWith("data:")).toList();
            assertTrue(data.get(1).contains("\"message\":\"live one\"") && data.get(1).contains("\"messageId\":6"),
                    events::toString);
            assertTrue(data.get(2).contains("live two"), events::toString);
            assertTrue(events.stream().noneMatch(e -> e.contains("before the stream") || e.contains("else's")));
        }
        var unauthenticated = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.getURI().resolve("/api/notifications/stream")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(401, unauthenticated.statusCode());
    }
}
