package com.example.commerce.api.channel;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.api.message.MessageSearch;
import com.example.commerce.testsupport.ApiClient;
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

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Channels and messages over real HTTP against the real PostgreSQL, with the events they write to the outbox. */
@MicronautTest(environments = "order-api", transactional = false)
class CollaborationApiTest extends ApiTestBase {

    /** Created before the first request: its client is what starts the embedded Elasticsearch, which takes seconds. */
    @Inject
    MessageSearch search;

    private record Person(long id, String username, String token) {
    }

    private Person person() {
        String username = "c" + UUID.randomUUID().toString().substring(0, 12);
        api.signUp(username, "password1");
        String token = api.login(username, "password1");
        return new Person(sql.count("SELECT id FROM users WHERE username = ?", username), username, token);
    }

    private long channel(Person owner, String name, boolean isPrivate) {
        var created = api.send(HttpRequest.POST("/api/channels", Map.of("name", name, "private", isPrivate)),
                owner.token());
        assertEquals(201, created.status(), created::toString);
        return created.id();
    }

    private ApiClient.Answer post(Person author, long channelId, Object body) {
        return api.send(HttpRequest.POST("/api/channels/" + channelId + "/messages", body), author.token());
    }

    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
            SchemaLocation.of("classpath:events/events.schema.json"),
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    /** The channel's events as written, each one valid against events.schema.json. */
    private List<OutboxRows.OutboxEvent> events(long channelId) {
        var events = outbox.of("Channel", channelId);
        for (var event : events) {
            var errors = SCHEMA.validate(event.rawEvent(), InputFormat.JSON);
            assertTrue(errors.isEmpty(), () -> event.rawEvent() + " -> " + errors);
            assertEquals(String.valueOf(channelId), event.event().get("aggregateId"), "keyed by channel id");
        }
        return events;
    }

    @Test
    void channelsAndTheirMembers() {
        Person owner = person();
        Person other = person();
        long open = channel(owner, "general", false);
        long closed = channel(owner, "<b>secret</b>", true);

        var created = api.send(HttpRequest.GET("/api/channels?size=100"), owner.token());
        assertTrue(created.list("items").stream().anyMatch(c -> ((Number) c.get("id")).longValue() == closed
                && "<b>secret</b>".equals(c.get("name")) && Boolean.TRUE.equals(c.get("private"))
                && Boolean.TRUE.equals(c.get("member"))));
        var seen = api.send(HttpRequest.GET("/api/channels?size=100"), other.token()).list("items");
        assertTrue(seen.stream().anyMatch(c -> ((Number) c.get("id")).longValue() == open
                && Boolean.FALSE.equals(c.get("member"))), "a public channel to join");
        assertTrue(seen.stream().noneMatch(c -> ((Number) c.get("id")).longValue() == closed), "private: not listed");

        assertProblem(404, api.send(HttpRequest.POST("/api/channels/" + closed + "/join", ""), other.token()));
        assertProblem(404, api.send(HttpRequest.POST("/api/channels/999999999/join", ""), other.token()));
        assertEquals(200, api.send(HttpRequest.POST("/api/channels/" + open + "/join", ""), other.token()).status());
        assertEquals(200, api.send(HttpRequest.POST("/api/channels/" + open + "/join", ""), other.token()).status());

        // Only the owner adds; a member who is not the owner is refused, a non-member of a private channel does not
        // see it; unknown users are 404.
        assertProblem(403, api.send(HttpRequest.POST("/api/channels/" + open + "/members",
                Map.of("username", owner.username())), other.token()));
        assertProblem(404, api.send(HttpRequest.POST("/api/channels/" + closed + "/members",
                Map.of("username", other.username())), other.token()));
        assertProblem(404, api.send(HttpRequest.POST("/api/channels/" + closed + "/members",
                Map.of("username", "nobody-" + UUID.randomUUID().toString().substring(0, 8))), owner.token()));
        assertProblem(400, api.send(HttpRequest.POST("/api/channels/" + closed + "/members", Map.of()), owner.token()));
        assertEquals(204, api.send(HttpRequest.POST("/api/channels/" + closed + "/members",
                Map.of("username", other.username().toUpperCase())), owner.token()).status());
        assertTrue(api.send(HttpRequest.GET("/api/channels?size=100"), other.token()).list("items").stream()
                .anyMatch(c -> ((Number) c.get("id")).longValue() == closed && Boolean.TRUE.equals(c.get("member"))));

        Person third = person();
        api.send(HttpRequest.POST("/api/channels/" + open + "/join", ""), third.token());
        assertProblem(403, api.send(HttpRequest.DELETE("/api/channels/" + open + "/members/" + third.id()),
                other.token()));
        assertProblem(409, api.send(HttpRequest.DELETE("/api/channels/" + open + "/members/" + owner.id()),
                owner.token()));
        assertEquals(204, api.send(HttpRequest.DELETE("/api/channels/" + open + "/members/" + third.id()),
                third.token()).status());
        assertEquals(204, api.send(HttpRequest.DELETE("/api/channels/" + closed + "/members/" + other.id()),
                owner.token()).status());
        assertProblem(404, api.send(HttpRequest.DELETE("/api/channels/" + closed + "/members/" + other.id()),
                owner.token()));
        assertProblem(400, api.send(HttpRequest.POST("/api/channels", Map.of("name", " ")), owner.token()));
        assertProblem(401, api.send(HttpRequest.GET("/api/channels")));

        // Every change is an event of the channel on platform.messages, numbered 1, 2, 3... in commit order.
        var openEvents = events(open);
        assertEquals(List.of("CHANNEL_MEMBER_ADDED", "CHANNEL_MEMBER_ADDED", "CHANNEL_MEMBER_ADDED",
                "CHANNEL_MEMBER_REMOVED"), openEvents.stream().map(OutboxRows.OutboxEvent::eventType).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L), openEvents.stream().map(OutboxRows.OutboxEvent::aggregateVersion)
                .toList());
        assertTrue(openEvents.stream().allMatch(e -> e.topic().equals("platform.messages")));
        assertEquals(Map.of("channelId", open, "userId", third.id()), longs(openEvents.get(3).payload()));
        assertEquals(List.of("CHANNEL_MEMBER_ADDED", "CHANNEL_MEMBER_ADDED", "CHANNEL_MEMBER_REMOVED"),
                events(closed).stream().map(OutboxRows.OutboxEvent::eventType).toList());
    }

    @Test
    void membersPostReadEditAndDeleteMessages() {
        Person owner = person();
        Person author = person();
        Person bystander = person();
        Person outsider = person();
        long channelId = channel(owner, "team", false);
        long secret = channel(owner, "hidden", true);
        api.send(HttpRequest.POST("/api/channels/" + channelId + "/join", ""), author.token());
        api.send(HttpRequest.POST("/api/channels/" + channelId + "/join", ""), bystander.token());

        String content = "@" + owner.username() + " and @" + author.username() + " and @" + outsider.username()
                + " and @nobody_here: <script>alert(1)</script> 배포 계획";
        var posted = post(author, channelId, Map.of("content", content, "attachments", List.of(Map.of(
                "name", "plan.pdf", "size", 1234, "contentType", "application/pdf",
                "url", "https://files.example.com/plan.pdf"))));
        assertEquals(201, posted.status(), posted::toString);
        assertEquals(content, posted.get("content"), "stored and returned as text, as written");
        assertEquals(List.of(Map.of("userId", owner.id(), "username", owner.username())),
                posted.list("mentions").stream().map(CollaborationApiTest::longs).toList(),
                "members only: not the author, not a non-member, not an unknown name");
        assertEquals("plan.pdf", posted.list("attachments").get(0).get("name"));
        assertNull(posted.get("editedAt"));
        long first = posted.id();

        // Non-members: 403 in a public channel, 404 in a private one, as an unknown channel.
        assertProblem(403, post(outsider, channelId, Map.of("content", "hi")));
        assertProblem(403, api.send(HttpRequest.GET("/api/channels/" + channelId + "/messages"), outsider.token()));
        assertProblem(404, post(outsider, secret, Map.of("content", "hi")));
        assertProblem(404, api.send(HttpRequest.GET("/api/channels/" + secret + "/messages"), outsider.token()));
        assertProblem(404, post(author, 999999999, Map.of("content", "hi")));
        // A message of a private channel is, to others, a message that does not exist: its id says nothing of the
        // channel, nor that it exists.
        long hidden = post(owner, secret, Map.of("content", "inside")).id();
        for (var probe : List.of(HttpRequest.PATCH("/api/messages/" + hidden, Map.of("content", "x")),
                HttpRequest.DELETE("/api/messages/" + hidden))) {
            var answer = assertProblem(404, api.send(probe, outsider.token()));
            assertEquals("message " + hidden + " does not exist", answer.get("detail"), answer::toString);
        }
        // Content 1-4,000 characters (code points: Korean and emoji count one each).
        assertProblem(400, post(author, channelId, Map.of("content", "")));
        assertProblem(400, post(author, channelId, Map.of("content", "   ")));
        assertProblem(400, post(author, channelId, Map.of()));
        assertProblem(400, post(author, channelId, Map.of("content", "x".repeat(4001))));
        assertEquals(201, post(author, channelId, Map.of("content", "😀".repeat(4000))).status());
        assertProblem(400, post(author, channelId, Map.of("content", "ok", "attachments", List.of(Map.of(
                "name", "a", "size", -1, "contentType", "text/plain", "url", "https://e.com/a")))));
        assertProblem(400, post(author, channelId, Map.of("content", "ok", "attachments", List.of(Map.of(
                "name", "a", "size", 1, "contentType", "text/plain", "url", "javascript:alert(1)")))));

        long third = post(bystander, channelId, Map.of("content", "third")).id();
        var newest = api.send(HttpRequest.GET("/api/channels/" + channelId + "/messages?size=2"), owner.token());
        assertEquals(third, ((Number) newest.list("items").get(0).get("id")).longValue(), "newest first");
        long cursor = ((Number) newest.get("nextBefore")).longValue();
        var older = api.send(HttpRequest.GET("/api/channels/" + channelId + "/messages?size=2&before=" + cursor),
                owner.token());
        assertEquals(List.of(first), older.list("items").stream().map(m -> ((Number) m.get("id")).longValue())
                .toList());
        assertNull(older.get("nextBefore"));
        assertProblem(400, api.send(HttpRequest.GET("/api/channels/" + channelId + "/messages?size=0"),
                owner.token()));

        // The author edits; nobody else does.
        assertProblem(403, api.send(HttpRequest.PATCH("/api/messages/" + first, Map.of("content", "mine")),
                owner.token()));
        assertProblem(404, api.send(HttpRequest.PATCH("/api/messages/999999999", Map.of("content", "x")),
                author.token()));
        assertProblem(400, api.send(HttpRequest.PATCH("/api/messages/" + first, Map.of("content", "")),
                author.token()));
        var edited = api.send(HttpRequest.PATCH("/api/messages/" + first,
                Map.of("content", "now @" + bystander.username() + " too, @" + owner.username())), author.token());
        assertEquals(200, edited.status(), edited::toString);
        assertEquals(List.of(bystander.username(), owner.username()), edited.list("mentions").stream()
                .map(m -> m.get("username")).toList());
        assertTrue(edited.get("editedAt") != null);

        // The author or the owner deletes; another member does not.
        assertProblem(403, api.send(HttpRequest.DELETE("/api/messages/" + third), author.token()));
        assertEquals(204, api.send(HttpRequest.DELETE("/api/messages/" + third), owner.token()).status());
        assertEquals(204, api.send(HttpRequest.DELETE("/api/messages/" + first), author.token()).status());
        assertProblem(404, api.send(HttpRequest.DELETE("/api/messages/" + first), author.token()));

        var messageEvents = events(channelId).stream().filter(e -> e.eventType().startsWith("MESSAGE_")).toList();
        assertEquals(List.of("MESSAGE_CREATED", "MESSAGE_CREATED", "MESSAGE_CREATED", "MESSAGE_UPDATED",
                "MESSAGE_DELETED", "MESSAGE_DELETED"), messageEvents.stream().map(OutboxRows.OutboxEvent::eventType)
                .toList());
        var createdPayload = messageEvents.get(0).payload();
        assertEquals(content, createdPayload.get("content"));
        assertEquals(List.of(owner.id()), ((List<?>) createdPayload.get("mentions")).stream()
                .map(id -> ((Number) id).longValue()).toList());
        assertEquals(List.of(bystander.id(), owner.id()), ((List<?>) messageEvents.get(3).payload().get("mentions"))
                .stream().map(id -> ((Number) id).longValue()).toList());
        var deleted = messageEvents.get(5).payload();
        assertNull(deleted.get("content"));
        assertEquals(first, ((Number) deleted.get("messageId")).longValue());
        var versions = events(channelId).stream().map(OutboxRows.OutboxEvent::aggregateVersion).toList();
        for (int i = 0; i < versions.size(); i++) {
            assertEquals(i + 1, versions.get(i), "one version per event of the channel: " + versions);
        }
        assertEquals(0, sql.count("SELECT count(*) FROM messages WHERE id IN (?, ?)", first, third));
    }

    /** JSON numbers as longs, for comparing with ids. */
    private static Map<String, Object> longs(Map<String, Object> map) {
        var copy = new java.util.LinkedHashMap<String, Object>();
        map.forEach((key, value) -> copy.put(key, value instanceof Number n ? (Object) n.longValue() : value));
        return copy;
    }
}
