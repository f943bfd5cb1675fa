package com.example.commerce.api.deadletter;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.kafka.KafkaClients;
import com.example.commerce.api.web.PageView;
import com.example.commerce.api.web.Paging;
import com.example.commerce.consumer.ReplayedDeadLetters;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.model.Sort;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Dead letters for operators: list a dead-letter topic, replay a record to its original topic, or discard it.
 * A replay publishes the original key, value (the same event, with its eventId) and headers, without the
 * dead-letter headers, so the consumers' processed-event marks make a second replay of the same record a no-op.
 * Every replay and discard is audited in {@code dead_letter_actions}; a discarded record cannot be replayed.
 */
@Singleton
@Requires(property = "kafka.enabled", notEquals = "false")
public class DeadLetterAdministration {

    /** Set on a replayed record: the dead letter it came from ({@code topic/partition/offset}). */
    public static final String REPLAYED_FROM = "dlq.replayed-from";

    private final DeadLetterReader reader;
    private final DeadLetterActionRepository actions;
    private final Producer<byte[], byte[]> producer;
    private final KafkaClients clients;

    DeadLetterAdministration(DeadLetterReader reader, DeadLetterActionRepository actions,
                             @KafkaClient("console-replay") Producer<byte[], byte[]> producer, KafkaClients clients) {
        this.reader = reader;
        this.actions = actions;
        this.producer = producer;
        this.clients = clients;
    }

    /** Oldest first, partition by partition, each record with what operators did with it. */
    public PageView<DeadLetterView> list(String topic, int page, int size) {
        Paging.of(page, size, Sort.UNSORTED);
        DeadLetterReader.Page records = kafka(() -> reader.page(topic, page, size));
        List<DeadLetterView> views = records.records();
        if (!views.isEmpty()) {
            long from = views.stream().mapToLong(DeadLetterView::offset).min().orElseThrow();
            long to = views.stream().mapToLong(DeadLetterView::offset).max().orElseThrow();
            var states = actions.states(topic, from, to);
            views = views.stream().map(v -> v.withState(states.stream()
                    .filter(s -> s.dlqPartition() == v.partition() && s.dlqOffset() == v.offset())
                    .findFirst().orElse(null))).toList();
        }
        return new PageView<>(views, page, size, records.total());
    }

    /**
     * Publishes the record to its original topic with its key and waits for the broker, for the consumer that
     * dead-lettered it ({@link ReplayedDeadLetters}: the topic's other consumers pass it by); 409 when it was
     * discarded or cannot be replayed (no original topic, or its value was too large to keep).
     */
    @Transactional
    public DeadLetterView replay(String topic, int partition, long offset, String actor) {
        DeadLetterReader.Raw record = kafka(() -> reader.record(topic, partition, offset));
        DeadLetterView view = record.view();
        if (view.originalTopic() == null || view.valueDropped() || record.value() == null) {
            throw ApiException.conflict("dead-letter-not-replayable", "Dead letter " + position(view)
                    + (view.originalTopic() == null ? " names no original topic" : " has no value to replay"),
                    Map.of());
        }
        if (actions.recordReplay(topic, partition, offset, actor) == 0) {
            throw ApiException.conflict("dead-letter-discarded", "Dead letter " + position(view)
                    + " was discarded and cannot be replayed", Map.of("currentStatus", DeadLetterAction.DISCARDED));
        }
        var headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("dlq.")) {
                headers.add(header);
            }
        }
        headers.add(REPLAYED_FROM, position(view).getBytes(StandardCharsets.UTF_8));
        if (view.consumer() != null) {
            // For the consumer that dead-lettered it alone: the topic's other consumers applied it long ago.
            headers.add(ReplayedDeadLetters.FOR, view.consumer().getBytes(StandardCharsets.UTF_8));
        }
        send(new ProducerRecord<>(view.originalTopic(), null, record.key(), record.value(), headers));
        audit(view, DeadLetterAction.REPLAYED, actor);
        return current(view);
    }

    /** Marks the record discarded (it stays in the topic); 409 when it already is. */
    @Transactional
    public DeadLetterView discard(String topic, int partition, long offset, String actor) {
        DeadLetterView view = kafka(() -> reader.record(topic, partition, offset)).view();
        if (actions.recordDiscard(topic, partition, offset, actor) == 0) {
            throw ApiException.conflict("dead-letter-discarded", "Dead letter " + position(view)
                    + " is already discarded", Map.of("currentStatus", DeadLetterAction.DISCARDED));
        }
        audit(view, DeadLetterAction.DISCARDED, actor);
        return current(view);
    }

    private DeadLetterView current(DeadLetterView view) {
        return view.withState(actions.states(view.topic(), view.offset(), view.offset()).stream()
                .filter(s -> s.dlqPartition() == view.partition()).findFirst().orElse(null));
    }

    private void audit(DeadLetterView view, String action, String actor) {
        actions.save(new DeadLetterAction(null, view.topic(), view.partition(), view.offset(), action, actor,
                Instant.now(), view.originalTopic(), view.originalPartition(), view.originalOffset(),
                view.eventId()));
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get(clients.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw DeadLetterReader.unavailable(e.getCause());
        } catch (TimeoutException | KafkaException e) {
            throw DeadLetterReader.unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeadLetterReader.unavailable(e);
        }
    }

    private static <T> T kafka(Supplier<T> read) {
        try {
            return read.get();
        } catch (KafkaException e) {
            throw DeadLetterReader.unavailable(e);
        }
    }

    private static String position(DeadLetterView view) {
        return view.topic() + "/" + view.partition() + "/" + view.offset();
    }

}
