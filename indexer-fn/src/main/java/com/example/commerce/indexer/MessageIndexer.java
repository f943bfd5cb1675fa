package com.example.commerce.indexer;

import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.message.ChannelPayload;
import com.example.commerce.contract.message.MessageEventReader;
import com.example.commerce.contract.message.MessageEventType;
import com.example.commerce.contract.message.MessagePayload;
import com.example.commerce.messageindex.MessageDocument;
import com.example.commerce.messageindex.MessageIndex;
import com.example.commerce.platform.trace.TraceLogContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the messages index current from platform.messages, a batch at a time: each message event becomes the whole
 * document of its message (a deletion a document without content that search never shows), written with the
 * channel's aggregate version as external version, so a redelivered or replayed event changes nothing and no
 * processed-event mark is needed. Member events are skipped: search takes the caller's channels from PostgreSQL at
 * query time. A record that can never be read goes to platform.messages-dlq and the batch goes on; any other
 * failure (Elasticsearch down) fails the batch, which is retried, never skipped. Called by
 * {@link MessageIndexListener} locally and by {@link IndexerService} for the records of the Lambda trigger on
 * platform.messages.
 */
@Singleton
public class MessageIndexer {

    /** The local consumer group, and the consumer name in dead-letter headers. */
    public static final String CONSUMER = "message-indexer";
    private static final Logger LOG = LoggerFactory.getLogger(MessageIndexer.class);

    private final MessageEventReader reader;
    private final MessageIndex index;
    private final IndexerDeadLetters deadLetters;
    private final Counter indexed;
    private final Counter skipped;
    private final Counter deadLettered;
    private volatile boolean indexReady;

    MessageIndexer(JsonMapper json, MessageIndex index, IndexerDeadLetters deadLetters, MeterRegistry meters) {
        this.reader = new MessageEventReader(json);
        this.index = index;
        this.deadLetters = deadLetters;
        this.indexed = events(meters, "indexed");
        this.skipped = events(meters, "skipped");
        this.deadLettered = events(meters, "dead_lettered");
    }

    private static Counter events(MeterRegistry meters, String outcome) {
        return Counter.builder("indexer.message.events").tag("outcome", outcome)
                .description("platform.messages events consumed by the message indexer, by outcome").register(meters);
    }

    public void process(List<IncomingEvent> batch) {
        // The newest event of each message in the batch is its document; older ones would be refused anyway.
        var documents = new LinkedHashMap<Long, MessageDocument>();
        for (IncomingEvent record : batch) {
            Optional<ConsumedEvent<MessageEventType, ChannelPayload>> event;
            try (var trace = TraceLogContext.open(record.trace())) {
                try {
                    event = reader.read(record.value());
                } catch (MalformedEventException e) {
                    LOG.warn("Dead-lettering record {} that can never be indexed: {}", record.position(),
                            e.getMessage());
                    deadLetters.publish(record, CONSUMER, e.getMessage());
                    deadLettered.increment();
                    continue;
                }
            }
            if (event.isEmpty() || !(event.get().payload() instanceof MessagePayload message)) {
                skipped.increment();
                continue;
            }
            var document = document(event.get().type(), message, event.get().envelope().aggregateVersion());
            documents.merge(document.id(), document, (a, b) -> b.version() > a.version() ? b : a);
        }
        if (documents.isEmpty()) {
            return;
        }
        if (!indexReady) {
            index.ensureExists();
            indexReady = true;
        }
        index.write(documents.values());
        indexed.increment(documents.size());
    }

    public static MessageDocument document(MessageEventType type, MessagePayload m, long version) {
        boolean deleted = type == MessageEventType.MESSAGE_DELETED;
        return new MessageDocument(m.messageId(), m.channelId(), m.authorId(), deleted ? null : m.content(),
                deleted ? List.of() : m.attachments().stream().map(MessagePayload.Attachment::name).toList(),
                deleted ? List.of() : m.mentions(), deleted, m.createdAt().toString(),
                m.editedAt() == null ? null : m.editedAt().toString(), version);
    }
}
