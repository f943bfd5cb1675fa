package com.example.commerce.local;

import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Eventually;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.testsupport.TopicRecords;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The activity stream through the whole local system: log-ins, a join and posts written by order-api, published by
 * the relay, counted by indexer-fn and read back through the admin API; a mention's notification published once on
 * platform.notifications.sent by notification-fn.
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
class UserActivityFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    @Inject
    ApiClient api;

    @Inject
    DataSource dataSource;

    @Inject
    JsonMapper json;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    private record Person(long id, String username, String token) {
    }

    private Person person() {
        String username = "v" + UUID.randomUUID().toString().substring(0, 12);
        api.signUp(username, "password1");
        String token = api.login(username, "password1");
        return new Person(Sql.of(dataSource).count("SELECT id FROM users WHERE username = ?", username), username,
                token);
    }

    @Test
    void aDaysActivityIsCountedPerUserAndAMentionIsSentOnce() throws Exception {
        // The day the events are written on; a run across midnight UTC would count them on two days.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Person owner = person();
        Person member = person();
        api.login(member.username(), "password1");
        long channel = api.send(HttpRequest.POST("/api/channels", Map.of("name", "activity", "private", false)),
                owner.token()).id();
        assertEquals(200, api.send(HttpRequest.POST("/api/channels/" + channel + "/join", ""), member.token())
                .status());
        for (String content : List.of("first", "@" + owner.username() + " second")) {
            assertEquals(201, api.send(HttpRequest.POST("/api/channels/" + channel + "/messages",
                    Map.of("content", content)), member.token()).status());
        }

        String admin = api.adminToken();
        var counted = Eventually.lastRead(PATIENCE, POLL, () -> activityOf(admin, today, member.id()),
                row -> row != null && ((Number) row.get("messagesPosted")).longValue() == 2
                        && ((Number) row.get("logins")).longValue() == 2);
        assertNotNull(counted, "the member's activity of today");
        assertEquals(Map.of("userId", member.id(), "username", member.username(), "logins", 2L, "joins", 1L,
                "messagesPosted", 2L), longs(counted));

        // The mention's notification: one NOTIFICATION_SENT, keyed by the mentioned owner.
        Eventually.await("the owner's notification event is published", PATIENCE, () -> Sql.of(dataSource)
                .count("SELECT count(*) FROM outbox WHERE topic = 'platform.notifications.sent' AND aggregate_id = ? "
                        + "AND published_at IS NOT NULL", String.valueOf(owner.id())) == 1);
        var sent = TopicRecords.withKey(bootstrapServers, "platform.notifications.sent",
                String.valueOf(owner.id()), 1);
        assertEquals(1, sent.size());
        JsonNode payload = json.readValue(sent.get(0).value(), JsonNode.class).get("payload");
        assertEquals("MENTION", payload.get("type").getStringValue());
        assertEquals(channel, payload.get("channelId").getLongValue());
        assertEquals(owner.id(), payload.get("userId").getLongValue());
        assertEquals(1L, Sql.of(dataSource).count("SELECT count(*) FROM notifications WHERE user_id = ? AND id = ?",
                owner.id(), payload.get("notificationId").getLongValue()));
    }

    /** The user's row of the day, looked for page by page. */
    private Map<String, Object> activityOf(String admin, LocalDate day, long userId) {
        for (int page = 1; ; page++) {
            var answer = api.send(HttpRequest.GET("/api/admin/activity?date=" + day + "&size=100&page=" + page),
                    admin);
            assertEquals(200, answer.status(), answer::toString);
            var users = answer.list("users");
            for (var user : users) {
                if (((Number) user.get("userId")).longValue() == userId) {
                    return user;
                }
            }
            if (users.size() < 100) {
                return null;
            }
        }
    }

    private static Map<String, Object> longs(Map<String, Object> row) {
        var copy = new java.util.LinkedHashMap<String, Object>();
        row.forEach((key, value) -> copy.put(key, value instanceof Number n ? n.longValue() : value));
        return copy;
    }
}
