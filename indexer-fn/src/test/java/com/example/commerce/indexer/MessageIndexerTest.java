package com.example.commerce.indexer;

import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.messageindex.MessageDocument;
import com.example.commerce.testsupport.TopicRecords;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static com.example.commerce.testsupport.TopicRecords.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The messages index from platform.messages events, against the real Elasticsearch: the newest version of a
 * message wins whatever the order of delivery, a deletion stays deleted, member events are skipped and a malformed
 * record is dead-lettered while the rest of its batch is indexed.
 */
@MicronautTest(environments = "indexer-fn", transactional = false)
class MessageIndexerTest extends IndexerTestBase {

    @Inject
    MessageIndexer indexer;

    private long offset;

    /** Channel and message ids far above what other tests of the build use. */
    private static long id() {
        return ThreadLocalRandom.current().nextLong(1L << 52, 1L << 53);
    }

    private IncomingEvent record(long channelId, String json) {
        return new IncomingEvent("platform.messages", 0, offset++,
                String.valueOf(channelId).getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    private IncomingEvent message(String type, long channelId, long messageId, long version, String content) {
        String text = content == null ? "null" : "\"" + content + "\"";
        String edited = type.equals("MESSAGE_CREATED") ? "null" : "\"2026-11-21T10:05:00Z\"";
        return record(channelId, """
                {"eventId":"%s","eventType":"%s","aggregateType":"Channel","aggregateId":"%d","aggregateVersion":%d,
                 "occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"messageId":%d,"channelId":%d,"authorId":7,"content":%s,"mentions":%s,
                  "attachments":[],"createdAt":"2026-11-21T10:00:00Z","editedAt":%s}}"""
                .formatted(UUID.randomUUID(), type, channelId, version, messageId, channelId, text,
                        content == null ? "[]" : "[8]", edited));
    }

    private MessageDocument document(long messageId) throws IOException {
        var found = elasticsearch.get(g -> g.index("messages").id(String.valueOf(messageId)), MessageDocument.class);
        return found.found() ? found.source() : null;
    }

    @Test
    void theNewestVersionOfAMessageWinsAndADeletionStays() throws IOException {
        long channel = id();
        long message = id();
        indexer.process(List.of(message("MESSAGE_CREATED", channel, message, 2, "first words")));
        assertEquals("first words", document(message).content());
        assertEquals(channel, document(message).channelId());

        indexer.process(List.of(message("MESSAGE_UPDATED", channel, message, 4, "second words")));
        // A redelivered creation, older than the edit: refused by version, nothing changes.
        indexer.process(List.of(message("MESSAGE_CREATED", channel, message, 2, "first words")));
        assertEquals("second words", document(message).content());
        assertEquals(4, document(message).version());
        assertEquals(List.of(8L), document(message).mentions());

        indexer.process(List.of(message("MESSAGE_DELETED", channel, message, 5, null),
                message("MESSAGE_UPDATED", channel, message, 4, "second words")));
        MessageDocument deleted = document(message);
        assertTrue(deleted.deleted());
        assertNull(deleted.content());
        indexer.process(List.of(message("MESSAGE_CREATED", channel, message, 2, "first words")));
        assertTrue(document(message).deleted(), "a replayed creation never brings a deleted message back");
    }

    @Test
    void memberEventsAreSkippedAndAMalformedRecordIsDeadLettered() throws IOException {
        long channel = id();
        long message = id();
        var member = record(channel, """
                {"eventId":"%s","eventType":"CHANNEL_MEMBER_ADDED","aggregateType":"Channel","aggregateId":"%d",
                 "aggregateVersion":1,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"channelId":%d,"userId":%d}}""".formatted(UUID.randomUUID(), channel, channel, channel));
        var malformed = record(channel, "{\"eventId\":\"" + UUID.randomUUID()
                + "\",\"eventType\":\"MESSAGE_CREATED\",\"payload\":{\"messageId\":\"x\"}}");
        indexer.process(List.of(member, malformed, message("MESSAGE_CREATED", channel, message, 3, "after")));

        assertEquals("after", document(message).content(), "the batch went on");
        assertNull(document(channel), "no document for a member event");
        var dead = TopicRecords.withKey(bootstrapServers, "platform.messages-dlq", String.valueOf(channel), 1);
        assertEquals(1, dead.size());
        assertEquals("platform.messages", header(dead.get(0), "dlq.original.topic"));
        assertEquals(MessageIndexer.CONSUMER, header(dead.get(0), "dlq.consumer"));
        assertFalse(header(dead.get(0), "dlq.error").isBlank());
    }
}
