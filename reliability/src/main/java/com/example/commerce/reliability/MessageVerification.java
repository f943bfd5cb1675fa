package com.example.commerce.reliability;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.example.commerce.messageindex.MessageDocument;
import com.example.commerce.messageindex.MessageIndex;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The collaboration space after the run, against the database, which owns the messages: every message the API
 * accepted is stored unless it was deleted; every stored message equals its search document and every deleted one
 * is out of search; every mention of a member has exactly one MENTION notification, and nobody is notified of their
 * own message.
 */
final class MessageVerification {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message as order-api stores it. */
    private record StoredMessage(long id, long channelId, long authorId, String content, List<Long> mentions) {
    }

    private final Verification.Query query;
    private final ElasticsearchClient elasticsearch;
    private final Set<Long> accepted;
    private final Set<Long> deleted;

    MessageVerification(Verification.Query query, ElasticsearchClient elasticsearch, Set<Long> accepted,
                        Set<Long> deleted) {
        this.query = query;
        this.elasticsearch = elasticsearch;
        this.accepted = accepted;
        this.deleted = deleted;
    }

    List<Verification.Check> run() throws SQLException, IOException {
        Map<Long, StoredMessage> stored = stored();
        return List.of(acceptedStored(stored), searchDocuments(stored), oneNotificationPerMention(stored));
    }

    private Map<Long, StoredMessage> stored() throws SQLException {
        var stored = new HashMap<Long, StoredMessage>();
        var unreadable = new ArrayList<String>();
        query.run("SELECT id, channel_id, author_id, content, mentions FROM messages", rows -> {
            try {
                List<Map<String, Object>> mentions = JSON.readValue(rows.getString(5), new TypeReference<>() {
                });
                stored.put(rows.getLong(1), new StoredMessage(rows.getLong(1), rows.getLong(2), rows.getLong(3),
                        rows.getString(4), mentions.stream().map(m -> ((Number) m.get("userId")).longValue()).toList()));
            } catch (IOException e) {
                unreadable.add(rows.getString(1));
            }
        });
        if (!unreadable.isEmpty()) {
            throw new IllegalStateException("messages with unreadable mentions: " + unreadable);
        }
        return stored;
    }

    private Verification.Check acceptedStored(Map<Long, StoredMessage> stored) {
        var wrong = new ArrayList<String>();
        for (long id : accepted) {
            if (!stored.containsKey(id) && !deleted.contains(id)) {
                wrong.add("message " + id + " answered 201, never deleted, not stored");
            }
        }
        return Verification.check("accepted messages stored", accepted.size(), wrong);
    }

    /** Field for field, by id; and the index finds no message the database no longer has. */
    private Verification.Check searchDocuments(Map<Long, StoredMessage> stored) throws IOException {
        String alias = MessageIndex.DEFAULT_ALIAS;
        var wrong = new ArrayList<String>();
        elasticsearch.indices().refresh(r -> r.index(alias));
        var ids = new ArrayList<>(stored.keySet());
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            var found = elasticsearch.mget(m -> m.index(alias).ids(chunk.stream().map(String::valueOf).toList()),
                    MessageDocument.class);
            for (int i = 0; i < chunk.size(); i++) {
                var item = found.docs().get(i);
                MessageDocument indexed = item.isResult() && item.result().found() ? item.result().source() : null;
                StoredMessage message = stored.get(chunk.get(i));
                if (indexed == null || indexed.deleted() || indexed.channelId() != message.channelId()
                        || indexed.authorId() != message.authorId() || !Objects.equals(indexed.content(),
                        message.content()) || !mentions(indexed).equals(message.mentions())) {
                    wrong.add("message " + message.id() + ": index has " + indexed + ", database gives " + message);
                }
            }
        }
        long searchable = elasticsearch.count(c -> c.index(alias).query(q -> q.term(t -> t.field("deleted")
                .value(false)))).count();
        if (searchable != stored.size()) {
            wrong.add("the index finds " + searchable + " messages, the database holds " + stored.size());
        }
        return Verification.check("messages index equals the database", stored.size(), wrong);
    }

    /** The index's documents leave an empty list out. */
    private static List<Long> mentions(MessageDocument document) {
        return document.mentions() == null ? List.of() : document.mentions();
    }

    private Verification.Check oneNotificationPerMention(Map<Long, StoredMessage> stored) throws SQLException {
        Map<String, Long> notified = new HashMap<>();
        query.run("SELECT message_id, user_id, count(*) FROM notifications WHERE type = 'MENTION' "
                + "GROUP BY message_id, user_id", rows -> notified.put(rows.getLong(1) + "/" + rows.getLong(2),
                rows.getLong(3)));
        var wrong = new ArrayList<String>();
        long mentions = 0;
        for (StoredMessage message : stored.values()) {
            for (long user : message.mentions()) {
                mentions++;
                long count = notified.getOrDefault(message.id() + "/" + user, 0L);
                if (count != 1) {
                    wrong.add("message " + message.id() + " mentions user " + user + ": " + count + " notifications");
                }
            }
            if (notified.containsKey(message.id() + "/" + message.authorId())) {
                wrong.add("message " + message.id() + ": its author was notified");
            }
        }
        return Verification.check("notifications: exactly one per mention of a member", mentions, wrong);
    }
}
