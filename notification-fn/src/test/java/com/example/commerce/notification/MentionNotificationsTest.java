package com.example.commerce.notification;

import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.testsupport.Sql;
import io.micronaut.context.annotation.Property;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * MENTION notifications from platform.messages events, against the real PostgreSQL: one per mentioned member per
 * message, however often the event comes and whatever an edit mentions again; an edit notifies only the members it
 * newly mentions, and a deletion nobody.
 */
@MicronautTest(environments = "notification-fn", transactional = false)
@Property(name = "commerce.notification.consumer.enabled", value = "false")
class MentionNotificationsTest {

    private static final AtomicLong OFFSETS = new AtomicLong(1_000);

    @Inject
    NotificationProcessor processor;

    @Inject
    DataSource contextual;

    private static IncomingEvent message(String type, long channel, long messageId, long version, String content,
                                         List<Long> mentions) {
        String event = """
                {"eventId":"%s","eventType":"%s","aggregateType":"Channel","aggregateId":"%d","aggregateVersion":%d,
                 "occurredAt":"2026-11-29T07:00:00Z","schemaVersion":1,
                 "payload":{"messageId":%d,"channelId":%d,"authorId":7,"content":%s,"mentions":%s,
                  "attachments":[],"createdAt":"2026-11-29T07:00:00Z","editedAt":null}}"""
                .formatted(UUID.randomUUID(), type, channel, version, messageId, channel,
                        content == null ? "null" : "\"" + content + "\"", mentions);
        return new IncomingEvent("platform.messages", 0, OFFSETS.incrementAndGet(),
                String.valueOf(channel).getBytes(StandardCharsets.UTF_8), event.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    @Test
    void eachMentionedMemberIsNotifiedOncePerMessage() {
        Sql sql = Sql.of(DelegatingDataSource.unwrapDataSource(contextual));
        long channel = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41);
        long messageId = ThreadLocalRandom.current().nextLong(1L << 50, 1L << 51);
        long ann = messageId + 1;
        long bob = messageId + 2;
        long cid = messageId + 3;
        var posted = message("MESSAGE_CREATED", channel, messageId, 1, "hi @ann @bob @ann", List.of(ann, bob, ann));

        processor.process(List.of(posted, posted)); // and the same event twice in one delivery
        processor.process(List.of(posted)); // redelivered
        processor.process(List.of(message("MESSAGE_UPDATED", channel, messageId, 2, "hi @ann @bob @cid",
                List.of(ann, bob, cid))));
        processor.process(List.of(message("MESSAGE_DELETED", channel, messageId, 3, null, List.of())));

        assertEquals(List.of(ann + " MENTION " + channel, bob + " MENTION " + channel, cid + " MENTION " + channel),
                sql.list("SELECT user_id || ' ' || type || ' ' || channel_id FROM notifications WHERE message_id = ? "
                        + "ORDER BY id", row -> row.getString(1), messageId),
                "ann and bob once though mentioned twice and again by the edit, cid by the edit, none by the deletion");
    }
}
