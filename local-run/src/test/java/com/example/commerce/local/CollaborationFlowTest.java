package com.example.commerce.local;

import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Eventually;
import com.example.commerce.testsupport.Sql;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collaboration space through the whole local system: messages posted, edited and deleted through the API are
 * published by the relay, indexed by indexer-fn (searched through the API, within the caller's current channels)
 * and turned into MENTION notifications by notification-fn.
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
class CollaborationFlowTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    @Inject
    ApiClient api;

    @Inject
    DataSource dataSource;

    private record Person(long id, String username, String token) {
    }

    private Person person() {
        String username = "f" + UUID.randomUUID().toString().substring(0, 12);
        api.signUp(username, "password1");
        String token = api.login(username, "password1");
        return new Person(Sql.of(dataSource).count("SELECT id FROM users WHERE username = ?", username), username,
                token);
    }

    private List<Map<String, Object>> search(Person who, String query) {
        var answer = api.send(HttpRequest.GET("/api/messages/search?" + query), who.token());
        assertEquals(200, answer.status(), answer::toString);
        return answer.list("items");
    }

    private List<Map<String, Object>> searchUntil(Person who, String query,
                                                  java.util.function.Predicate<List<Map<String, Object>>> done)
            throws Exception {
        return Eventually.lastRead(PATIENCE, POLL, () -> search(who, query), done);
    }

    private static String q(String text) {
        return "q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static List<Long> ids(List<Map<String, Object>> items) {
        return items.stream().map(item -> ((Number) item.get("id")).longValue()).toList();
    }

    @Test
    void messagesAreSearchableByMembersOnlyAndMentionsNotifyOnce() throws Exception {
        Person owner = person();
        Person member = person();
        Person later = person();
        // A word no other test writes, so that only this test's messages match.
        String word = "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        long channel = api.send(HttpRequest.POST("/api/channels", Map.of("name", "flow", "private", false)),
                owner.token()).id();
        long other = api.send(HttpRequest.POST("/api/channels", Map.of("name", "flow-2", "private", true)),
                owner.token()).id();
        assertEquals(200, api.send(HttpRequest.POST("/api/channels/" + channel + "/join", ""), member.token())
                .status());

        var posted = api.send(HttpRequest.POST("/api/channels/" + channel + "/messages", Map.of("content",
                "@" + member.username() + " 배포 계획 " + word + " <b>bold</b>")), owner.token());
        assertEquals(201, posted.status(), posted::toString);
        long message = posted.id();
        long hidden = api.send(HttpRequest.POST("/api/channels/" + other + "/messages", Map.of("content",
                word + " in private")), owner.token()).id();

        // Korean and English words are found; markup is escaped around the highlight.
        var found = searchUntil(member, q("배포 " + word), items -> ids(items).contains(message));
        assertEquals(List.of(message), ids(found), "not the private channel's message");
        String html = (String) found.get(0).get("highlightedContent");
        assertTrue(html.contains("<em>" + word + "</em>") && html.contains("&lt;b&gt;bold&lt;&#x2F;b&gt;"), html);
        // The Korean analysis of product search: a particle ("배포를") and a compound typed without its space
        // ("배포계획") find "배포 계획".
        assertEquals(List.of(message), ids(search(member, q("배포를 " + word))));
        assertEquals(List.of(message), ids(search(member, q("배포계획 " + word))));
        assertEquals(List.of(hidden, message), ids(searchUntil(owner, q(word) + "&sort=newest",
                items -> items.size() == 2)), "newest first");
        assertEquals(List.of(hidden), ids(search(owner, q(word) + "&channelId=" + other)));
        assertEquals(List.of(), ids(search(owner, q(word) + "&authorId=" + member.id())));
        assertEquals(404, api.send(HttpRequest.GET("/api/messages/search?" + q(word) + "&channelId=" + other),
                member.token()).status());
        assertEquals(400, api.send(HttpRequest.GET("/api/messages/search?from=yesterday"), member.token()).status());
        assertEquals(List.of(), search(later, q(word)), "a non-member finds nothing");

        // One MENTION for the mentioned member, with the channel and message.
        var mentions = Eventually.lastRead(PATIENCE, POLL, () -> api.send(HttpRequest.GET("/api/notifications"),
                member.token()).list("items"), items -> !items.isEmpty());
        assertEquals(1, mentions.size());
        assertEquals("MENTION", mentions.get(0).get("type"));
        assertEquals(channel, ((Number) mentions.get(0).get("channelId")).longValue());
        assertEquals(message, ((Number) mentions.get(0).get("messageId")).longValue());

        // An edit is found; it notifies only the member it newly mentions, and nobody twice.
        api.send(HttpRequest.POST("/api/channels/" + channel + "/join", ""), later.token());
        String edited = "w" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        assertEquals(200, api.send(HttpRequest.PATCH("/api/messages/" + message, Map.of("content",
                "@" + member.username() + " @" + later.username() + " " + edited)), owner.token()).status());
        assertEquals(List.of(message), ids(searchUntil(member, q(edited), items -> !items.isEmpty())));
        assertEquals(List.of(), ids(searchUntil(member, q(word), items -> items.isEmpty())), "the old words are gone");
        var laterMentions = Eventually.lastRead(PATIENCE, POLL, () -> api.send(HttpRequest.GET("/api/notifications"),
                later.token()).list("items"), items -> !items.isEmpty());
        assertEquals(1, laterMentions.size());
        assertEquals(message, ((Number) laterMentions.get(0).get("messageId")).longValue());

        // A member who leaves finds the channel's messages no more, at once: membership is read at query time.
        assertEquals(204, api.send(HttpRequest.DELETE("/api/channels/" + channel + "/members/" + member.id()),
                member.token()).status());
        assertEquals(List.of(), search(member, q(edited)));
        assertEquals(List.of(message), ids(search(later, q(edited))));

        // A deletion is gone.
        assertEquals(204, api.send(HttpRequest.DELETE("/api/messages/" + message), owner.token()).status());
        assertEquals(List.of(), searchUntil(later, q(edited), List::isEmpty));
        assertEquals(1, api.send(HttpRequest.GET("/api/notifications"), member.token()).list("items").size(),
                "the edit did not notify the member a second time");
        assertEquals(1L, Sql.of(dataSource).count(
                "SELECT count(*) FROM notifications WHERE type = 'MENTION' AND message_id = ? AND user_id = ?",
                message, member.id()));
    }
}
