package com.example.commerce.indexer.replay;

import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.message.ChannelPayload;
import com.example.commerce.contract.message.MessageEventReader;
import com.example.commerce.contract.message.MessageEventType;
import com.example.commerce.contract.message.MessagePayload;
import com.example.commerce.indexer.MessageIndexer;
import com.example.commerce.messageindex.MessageDocument;
import com.example.commerce.messageindex.MessageIndex;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The messages read model rebuilt from platform.messages into a new concrete index behind the {@code messages}
 * alias. Documents are the live indexer's ({@link MessageIndexer#document}), written with the channel's aggregate
 * version as external version, so the replay and the live indexer can write the same message in any order: the
 * newest event wins in either index.
 */
@Singleton
class MessagesReplay implements ReplayTarget {

    private static final int VERIFY_PAGE = 1000;
    private static final int SHOWN = 20;

    private final MessageIndex index;
    private final MessageEventReader reader;
    private final DataSource dataSource;
    private final JsonMapper json;

    MessagesReplay(MessageIndex index, JsonMapper json, DataSource dataSource) {
        this.index = index;
        this.json = json;
        this.reader = new MessageEventReader(json);
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    @Override
    public ReadModel model() {
        return ReadModel.MESSAGES;
    }

    @Override
    public String create(UUID jobId) {
        return index.createConcreteIndex("replay-" + jobId);
    }

    @Override
    public Applied apply(String target, List<ConsumerRecord<byte[], byte[]>> records) {
        var documents = new LinkedHashMap<Long, MessageDocument>();
        var unreadable = new ArrayList<Unreadable>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Optional<ConsumedEvent<MessageEventType, ChannelPayload>> event;
            try {
                event = reader.read(record.value());
            } catch (MalformedEventException e) {
                unreadable.add(Unreadable.of(record, namedMessage(record.value()), e.getMessage()));
                continue;
            }
            if (event.isPresent() && event.get().payload() instanceof MessagePayload message) {
                var document = MessageIndexer.document(event.get().type(), message,
                        event.get().envelope().aggregateVersion());
                documents.merge(document.id(), document, (a, b) -> b.version() > a.version() ? b : a);
            }
        }
        index.write(target, documents.values());
        return new Applied(documents.size(), unreadable);
    }

    /**
     * The message an unreadable record names, if its JSON has a positive integer {@code payload.messageId}: that
     * message's event never reaches any index, and the verification leaves it out.
     */
    private @Nullable Long namedMessage(@Nullable byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            JsonNode payload = json.readValue(value, JsonNode.class).get("payload");
            JsonNode id = payload == null || !payload.isObject() ? null : payload.get("messageId");
            if (id != null && id.isNumber() && (id.getNumberValue() instanceof Integer
                    || id.getNumberValue() instanceof Long) && id.getLongValue() > 0) {
                return id.getLongValue();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Every message the database has, up to the highest id in the new index, is there and not deleted; but for
     * the messages whose only events this job could never apply ({@code deadLetteredMessages}, the ones the live
     * indexer dead-letters too), which no index can hold.
     */
    @Override
    public Verification verify(String target, Set<Long> deadLetteredMessages) {
        index.refresh(target);
        // Up to the highest id the new index holds of those the database can have: a document whose id is beyond
        // the database's sequence (an event published by hand) must not stretch the bound over messages whose
        // events are still on their way, which would fail the verification for as long as writes go on.
        // The messages this job dead-lettered were read from the log as well, so they count towards the bound.
        long databaseMaxId = databaseMaxId();
        long maxId = Math.max(index.maxId(target, databaseMaxId), deadLetteredMessages.stream()
                .filter(id -> id <= databaseMaxId).mapToLong(Long::longValue).max().orElse(0));
        long expected = 0;
        long found = 0;
        var missing = new ArrayList<Long>();
        var leftOut = new ArrayList<Long>();
        long after = 0;
        while (true) {
            List<Long> ids = messageIds(after, maxId);
            if (ids.isEmpty()) {
                break;
            }
            Set<Long> live = index.liveIds(target, ids);
            for (long id : ids) {
                if (live.contains(id)) {
                    expected++;
                    found++;
                } else if (deadLetteredMessages.contains(id)) {
                    leftOut.add(id);
                } else {
                    expected++;
                    if (missing.size() < SHOWN) {
                        missing.add(id);
                    }
                }
            }
            after = ids.get(ids.size() - 1);
        }
        long more = expected - found - missing.size();
        String figures = "messages in the database up to id " + maxId + ": " + (expected + leftOut.size())
                + "; left out, their events dead-lettered: " + leftOut.size()
                + (leftOut.isEmpty() ? "" : " " + shown(leftOut)) + "; in " + target + ": " + found
                + (missing.isEmpty() ? "" : "; missing: " + missing + (more > 0 ? " and " + more + " more" : ""));
        return new Verification(expected == found, figures);
    }

    private static String shown(List<Long> ids) {
        return ids.size() <= SHOWN ? ids.toString()
                : ids.subList(0, SHOWN) + " and " + (ids.size() - SHOWN) + " more";
    }

    private long databaseMaxId() {
        try (var connection = dataSource.getConnection();
             var query = connection.prepareStatement("SELECT coalesce(max(id), 0) FROM messages");
             var rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the highest message id: " + e.getMessage(), e);
        }
    }

    private List<Long> messageIds(long after, long maxId) {
        try (var connection = dataSource.getConnection();
             var query = connection.prepareStatement(
                     "SELECT id FROM messages WHERE id > ? AND id <= ? ORDER BY id LIMIT " + VERIFY_PAGE)) {
            query.setLong(1, after);
            query.setLong(2, maxId);
            var ids = new ArrayList<Long>();
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read message ids: " + e.getMessage(), e);
        }
    }

    /** The indices the alias points at now, other than the new one: to delete once the follow-up is done. */
    Set<String> previousIndices(String target) {
        Set<String> previous = new HashSet<>(index.concreteIndices());
        previous.remove(target);
        return previous;
    }

    /** Points the alias at the new index only, in one request. */
    void swap(String target) {
        index.swapTo(target);
    }

    void deleteIndices(Set<String> previous) {
        index.delete(previous);
    }
}
