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
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import javax.sql.DataSource;
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

    private final MessageIndex index;
    private final MessageEventReader reader;
    private final DataSource dataSource;

    MessagesReplay(MessageIndex index, JsonMapper json, DataSource dataSource) {
        this.index = index;
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
    public long apply(String target, List<ConsumerRecord<byte[], byte[]>> records) {
        var documents = new LinkedHashMap<Long, MessageDocument>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            Optional<ConsumedEvent<MessageEventType, ChannelPayload>> event;
            try {
                event = reader.read(record.value());
            } catch (MalformedEventException e) {
                continue;
            }
            if (event.isPresent() && event.get().payload() instanceof MessagePayload message) {
                var document = MessageIndexer.document(event.get().type(), message,
                        event.get().envelope().aggregateVersion());
                documents.merge(document.id(), document, (a, b) -> b.version() > a.version() ? b : a);
            }
        }
        index.write(target, documents.values());
        return documents.size();
    }

    /** Every message the database has, up to the highest id in the new index, is there and not deleted. */
    @Override
    public Verification verify(String target) {
        index.refresh(target);
        long maxId = index.maxId(target);
        long expected = 0;
        long found = 0;
        var missing = new ArrayList<Long>();
        long after = 0;
        while (true) {
            List<Long> ids = messageIds(after, maxId);
            if (ids.isEmpty()) {
                break;
            }
            expected += ids.size();
            long live = index.countLive(target, ids);
            found += live;
            if (live < ids.size() && missing.size() < 5) {
                missing.add(ids.get(0));
            }
            after = ids.get(ids.size() - 1);
        }
        String figures = "messages in the database up to id " + maxId + ": " + expected + "; in " + target + ": "
                + found + (missing.isEmpty() ? "" : "; pages with missing messages start at " + missing);
        return new Verification(expected == found, figures);
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
