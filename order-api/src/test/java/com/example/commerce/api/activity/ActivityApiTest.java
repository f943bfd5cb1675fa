package com.example.commerce.api.activity;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.api.message.MessageSearch;
import com.example.commerce.testsupport.OutboxRows;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What order-api writes to platform.users.activity (through the outbox, against the real PostgreSQL) and the admin
 * route that reads the daily counts indexer-fn keeps.
 */
@MicronautTest(environments = "order-api", transactional = false)
class ActivityApiTest extends ApiTestBase {

    /**
     * Created before the first request: the channel and message routes need its client, which starts the embedded
     * Elasticsearch and takes seconds.
     */
    @Inject
    MessageSearch search;

    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
            SchemaLocation.of("classpath:events/events.schema.json"),
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    private record Person(long id, String username, String token) {
    }

    private Person person() {
        String username = "a" + UUID.randomUUID().toString().substring(0, 12);
        api.signUp(username, "password1");
        String token = api.login(username, "password1");
        return new Person(sql.count("SELECT id FROM users WHERE username = ?", username), username, token);
    }

    /** The user's activity events as written, each valid against events.schema.json and keyed by the user. */
    private List<OutboxRows.OutboxEvent> activity(Person person) {
        var events = outbox.of("UserActivity", person.id());
        for (var event : events) {
            var errors = SCHEMA.validate(event.rawEvent(), InputFormat.JSON);
            assertTrue(errors.isEmpty(), () -> event.rawEvent() + " -> " + errors);
            assertEquals("platform.users.activity", event.topic());
            assertEquals(person.id(), ((Number) event.payload().get("userId")).longValue());
        }
        return events;
    }

    private static List<String> types(List<OutboxRows.OutboxEvent> events) {
        return events.stream().map(OutboxRows.OutboxEvent::eventType).toList();
    }

    @Test
    void logInsJoinsAndPostsWriteTheirActivityEventsAndFailuresWriteNone() {
        Person owner = person();
        Person member = person();
        assertEquals(List.of("USER_LOGGED_IN"), types(activity(member)));
        assertEquals(401, api.send(HttpRequest.POST("/login", Map.of("username", member.username(),
                "password", "wrong-password"))).status());
        assertEquals(List.of("USER_LOGGED_IN"), types(activity(member)), "a failed log-in writes nothing");

        long open = api.send(HttpRequest.POST("/api/channels", Map.of("name", "open", "private", false)),
                owner.token()).id();
        long closed = api.send(HttpRequest.POST("/api/channels", Map.of("name", "closed", "private", true)),
                owner.token()).id();
        assertEquals(200, api.send(HttpRequest.POST("/api/channels/" + open + "/join", ""), member.token()).status());
        assertEquals(200, api.send(HttpRequest.POST("/api/channels/" + open + "/join", ""), member.token()).status());
        assertEquals(404, api.send(HttpRequest.POST("/api/channels/" + closed + "/join", ""), member.token())
                .status());
        var added = api.send(HttpRequest.POST("/api/channels/" + closed + "/members",
                Map.of("username", member.username())), owner.token());
        assertTrue(added.status() / 100 == 2, added::toString);
        var message = api.send(HttpRequest.POST("/api/channels/" + open + "/messages", Map.of("content", "hello")),
                member.token());
        assertEquals(201, message.status(), message::toString);
        assertEquals(400, api.send(HttpRequest.POST("/api/channels/" + open + "/messages", Map.of("content", "")),
                member.token()).status());

        var events = activity(member);
        assertEquals(List.of("USER_LOGGED_IN", "CHANNEL_JOINED", "CHANNEL_JOINED", "MESSAGE_POSTED"), types(events),
                "joining again, a refused join and a refused post write nothing");
        assertEquals(open, ((Number) events.get(1).payload().get("channelId")).longValue());
        assertEquals(closed, ((Number) events.get(2).payload().get("channelId")).longValue(), "added by the owner");
        assertNull(events.get(1).payload().get("messageId"));
        assertEquals(message.id(), ((Number) events.get(3).payload().get("messageId")).longValue());
        assertEquals(open, ((Number) events.get(3).payload().get("channelId")).longValue());
        assertEquals(message.get("createdAt"), events.get(3).payload().get("occurredAt"));
        var versions = events.stream().map(OutboxRows.OutboxEvent::aggregateVersion).toList();
        assertEquals(versions.stream().sorted().distinct().toList(), versions, "versions grow");
        // Creating a channel is no join: the owner has only their log-in.
        assertEquals(List.of("USER_LOGGED_IN"), types(activity(owner)));
    }

    @Test
    void theAdministratorReadsADaysCountsAndOnlyADayIsAnAnswer() {
        Person first = person();
        Person second = person();
        // A day of its own, far from today: the rows indexer-fn would have counted.
        LocalDate day = LocalDate.of(1900 + ThreadLocalRandom.current().nextInt(100), 1, 1)
                .plusDays(ThreadLocalRandom.current().nextInt(365));
        sql.execute("INSERT INTO user_activity_daily (user_id, day, logins, joins, messages_posted) VALUES "
                + "(?, ?, 2, 1, 2), (?, ?, 0, 0, 7) ON CONFLICT DO NOTHING", second.id(), day, first.id(), day);
        String admin = api.adminToken();

        var answer = api.send(HttpRequest.GET("/api/admin/activity?date=" + day), admin);
        assertEquals(200, answer.status(), answer::toString);
        assertEquals(day.toString(), answer.get("date"));
        assertEquals(2, ((Number) answer.get("total")).intValue());
        assertEquals(List.of(
                Map.of("userId", first.id(), "username", first.username(), "logins", 0L, "joins", 0L,
                        "messagesPosted", 7L),
                Map.of("userId", second.id(), "username", second.username(), "logins", 2L, "joins", 1L,
                        "messagesPosted", 2L)), numbersAsLong(answer.list("users")), "in user id order");
        var page2 = api.send(HttpRequest.GET("/api/admin/activity?date=" + day + "&page=2&size=1"), admin);
        assertEquals(List.of(second.id()), page2.list("users").stream()
                .map(user -> ((Number) user.get("userId")).longValue()).toList());
        assertEquals(List.of(), api.send(HttpRequest.GET("/api/admin/activity?date=" + day.minusDays(1)), admin)
                .list("users"), "a day without activity");

        for (String query : List.of("", "?date=", "?date=2026-13-01", "?date=2026-02-30", "?date=yesterday",
                "?date=2026-11-21T00:00:00Z", "?date=0000-01-01", "?date=" + day + "&size=101",
                "?date=" + day + "&page=0")) {
            assertProblem(400, api.send(HttpRequest.GET("/api/admin/activity" + query), admin));
        }
        assertProblem(403, api.send(HttpRequest.GET("/api/admin/activity?date=" + day), first.token()));
        assertProblem(401, api.send(HttpRequest.GET("/api/admin/activity?date=" + day)));
    }

    private static List<Map<String, Object>> numbersAsLong(List<Map<String, Object>> rows) {
        return rows.stream().map(row -> {
            var copy = new LinkedHashMap<String, Object>();
            row.forEach((key, value) -> copy.put(key, value instanceof Number n ? n.longValue() : value));
            return (Map<String, Object>) copy;
        }).toList();
    }
}
