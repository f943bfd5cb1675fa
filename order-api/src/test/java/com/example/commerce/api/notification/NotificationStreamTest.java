package com.example.commerce.api.notification;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.testsupport.Eventually;
import io.micronaut.context.annotation.Property;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live stream pushes a user's new notifications, and only theirs, over a real HTTP connection. The streams'
 * own fallback look is set to 10 minutes here, so every notification below arrives through the wake-up that
 * PostgreSQL sends at commit (LISTEN/NOTIFY), including after the listening connection was killed.
 */
@MicronautTest(environments = "order-api", transactional = false)
@Property(name = "commerce.notification.stream-fallback-interval", value = "10m")
class NotificationStreamTest extends ApiTestBase {

    private static final long PATIENCE_SECONDS = 30;

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

    private record User(long id, String token) {
    }

    private User user() {
        String name = "s" + UUID.randomUUID().toString().substring(0, 12);
        api.signUp(name, "password1");
        return new User(userIdOf(name), api.login(name, "password1"));
    }

    /** An open stream: its "event:" and "data:" lines as they arrive, after its ready event was read. */
    private record Stream(InputStream body, BlockingQueue<String> lines) implements AutoCloseable {

        String next() throws InterruptedException {
            String line = lines.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
            assertNotNull(line, "nothing arrived on the stream within " + PATIENCE_SECONDS + " s");
            return line;
        }

        /** The next event's name and data. */
        List<String> nextEvent() throws InterruptedException {
            return List.of(next(), next());
        }

        @Override
        public void close() throws Exception {
            body.close();
        }
    }

    private Stream open(String token) throws Exception {
        var request = HttpRequest.newBuilder(server.getURI().resolve("/api/notifications/stream"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").GET().build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().sendAsync(request,
                HttpResponse.BodyHandlers.ofInputStream()).get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
        var lines = new LinkedBlockingQueue<String>();
        Thread reader = new Thread(() -> {
            try (var in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("event:") || line.startsWith("data:")) {
                        lines.add(line.replaceFirst("^(event|data): ?", "$1:"));
                    }
                }
            } catch (java.io.IOException closed) {
                // the test closed the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        var stream = new Stream(response.body(), lines);
        // The stream knows where it starts once its ready event is out: notifications from now on are pushed.
        assertEquals("event:ready", stream.nextEvent().get(0));
        return stream;
    }

    @Test
    void newNotificationsArePushedToTheirUserOnly() throws Exception {
        User user = user();
        User other = user();
        notify(user.id(), "ORDER_CREATED", "before the stream");
        var events = new ArrayList<String>();
        try (var stream = open(user.token())) {
            notify(other.id(), "MENTION", "someone else's");
            notify(user.id(), "MENTION", "live one");
            notify(user.id(), "ORDER_PAID", "live two");
            events.addAll(stream.nextEvent());
            events.addAll(stream.nextEvent());
        }
        assertEquals(List.of("event:MENTION", "event:ORDER_PAID"),
                events.stream().filter(e -> e.startsWith("event:")).toList(), events::toString);
        var data = events.stream().filter(e -> e.startsWith("data:")).toList();
        assertTrue(data.get(0).contains("\"message\":\"live one\"") && data.get(0).contains("\"messageId\":6"),
                events::toString);
        assertTrue(data.get(1).contains("live two"), events::toString);
        assertTrue(events.stream().noneMatch(e -> e.contains("before the stream") || e.contains("else's")));

        var unauthenticated = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.getURI().resolve("/api/notifications/stream")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(401, unauthenticated.statusCode());
    }

    /**
     * Ids are taken at insert, visibility comes at commit: a notification whose transaction commits after a newer
     * one of the same user was pushed is pushed as well, and neither is pushed twice.
     */
    @Test
    void aNotificationCommittedAfterANewerOneIsPushedToo() throws Exception {
        User user = user();
        try (var stream = open(user.token());
             var late = sql.openTransaction("INSERT INTO notifications (user_id, type, message, source_event_id) "
                     + "VALUES (?, 'ORDER_CREATED', 'committed late', gen_random_uuid()) RETURNING id", user.id())) {
            notify(user.id(), "ORDER_PAID", "committed first");
            assertTrue(stream.nextEvent().get(1).contains("committed first"));

            late.commit();
            assertTrue(stream.nextEvent().get(1).contains("committed late"));

            notify(user.id(), "ORDER_SHIPPED", "third");
            List<String> next = stream.nextEvent();
            assertTrue(next.get(1).contains("third"), "no notification is pushed twice: " + next);
        }
        assertTrue(sql.count("SELECT min(id) FROM notifications WHERE user_id = ? AND message = 'committed late'",
                user.id()) < sql.count("SELECT min(id) FROM notifications WHERE user_id = ? AND message = "
                + "'committed first'", user.id()), "the late one has the lower id");
    }

    /** One statement inserting for more users than a signal lists wakes every stream (payload "*"). */
    @Test
    void aStatementForManyUsersWakesEveryStream() throws Exception {
        User user = user();
        try (var stream = open(user.token())) {
            // 400 users in one statement, this user among them (notifications have no foreign key to users).
            sql.execute("INSERT INTO notifications (user_id, type, message, source_event_id) "
                    + "SELECT CASE WHEN n = 0 THEN ? ELSE -n END, 'ORDER_CREATED', 'bulk ' || n, gen_random_uuid() "
                    + "FROM generate_series(0, 399) AS n", user.id());
            List<String> event = stream.nextEvent();
            assertEquals("event:ORDER_CREATED", event.get(0));
            assertTrue(event.get(1).contains("bulk 0"), event::toString);
        } finally {
            sql.execute("DELETE FROM notifications WHERE user_id < 0");
        }
    }

    /**
     * The listening connection is killed (a PostgreSQL restart or a dropped socket does the same): the listener
     * reconnects, and a notification committed meanwhile or afterwards still reaches the stream.
     */
    @Test
    void wakeUpsResumeAfterTheListeningConnectionIsKilled() throws Exception {
        User user = user();
        try (var stream = open(user.token())) {
            String listener = "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                    + NotificationWakeUps.APPLICATION_NAME + "'";
            Eventually.await("the wake-up listener is connected", () -> sql.count(listener) >= 1);
            assertTrue(1 <= sql.count("SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    + "WHERE application_name = ?) AS killed", NotificationWakeUps.APPLICATION_NAME), "no listener was killed");
            notify(user.id(), "MENTION", "while reconnecting");
            assertTrue(stream.nextEvent().get(1).contains("while reconnecting"));
            Eventually.await("the wake-up listener is connected again", () -> sql.count(listener) >= 1);
            notify(user.id(), "ORDER_PAID", "after reconnecting");
            assertTrue(stream.nextEvent().get(1).contains("after reconnecting"));
        }
    }
}
