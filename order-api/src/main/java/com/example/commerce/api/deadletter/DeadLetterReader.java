package com.example.commerce.api.deadletter;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.kafka.KafkaClients;
import com.example.commerce.consumer.DeadLetters;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Reads dead-letter topics (names ending {@value #SUFFIX}) with a short-lived consumer that assigns the partitions it
 * reads, commits nothing and is closed before the request ends. Pages run over the partitions in order, each from
 * its oldest retained record.
 */
@Singleton
@Requires(property = "kafka.enabled", notEquals = "false")
class DeadLetterReader {

    static final String SUFFIX = "-dlq";
    /** Kafka's own rule for topic names; anything else cannot exist and is not looked up. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final KafkaClients clients;
    private final ObjectMapper json;

    DeadLetterReader(KafkaClients clients, ObjectMapper json) {
        this.clients = clients;
        this.json = json;
    }

    /** One page of records and the number of records the topic holds. */
    record Page(List<DeadLetterView> records, long total) {
    }

    /** A record with its raw key, value and headers, to replay it. */
    record Raw(DeadLetterView view, @Nullable byte[] key, @Nullable byte[] value, List<Header> headers) {
    }

    Page page(String topic, int page, int size) {
        List<TopicPartition> partitions = partitions(topic);
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(size)) {
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, clients.timeout());
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, clients.timeout());
            long total = partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
            long skip = (long) (page - 1) * size;
            var records = new ArrayList<DeadLetterView>();
            long deadline = System.nanoTime() + clients.timeout().toNanos();
            for (TopicPartition tp : partitions) {
                long count = end.get(tp) - begin.get(tp);
                if (skip >= count) {
                    skip -= count;
                    continue;
                }
                long from = begin.get(tp) + skip;
                skip = 0;
                long until = Math.min(end.get(tp), from + (size - records.size()));
                read(consumer, tp, from, until, deadline).forEach(r -> records.add(view(r).view()));
                if (records.size() >= size) {
                    break;
                }
            }
            return new Page(records, total);
        }
    }

    /** The record at this position; 404 when the topic, partition or offset holds none. */
    Raw record(String topic, int partition, long offset) {
        TopicPartition tp = partitions(topic).stream().filter(p -> p.partition() == partition).findFirst()
                .orElseThrow(() -> ApiException.notFound("dead-letter record", topic + "/" + partition + "/" + offset));
        try (KafkaConsumer<byte[], byte[]> consumer = clients.consumer(1)) {
            long begin = consumer.beginningOffsets(List.of(tp), clients.timeout()).get(tp);
            long end = consumer.endOffsets(List.of(tp), clients.timeout()).get(tp);
            if (offset >= begin && offset < end) {
                long deadline = System.nanoTime() + clients.timeout().toNanos();
                for (ConsumerRecord<byte[], byte[]> record : read(consumer, tp, offset, offset + 1, deadline)) {
                    if (record.offset() == offset) {
                        return view(record);
                    }
                }
            }
        }
        throw ApiException.notFound("dead-letter record", topic + "/" + partition + "/" + offset);
    }

    /** The partitions of an existing dead-letter topic; 404 for any other name. */
    private List<TopicPartition> partitions(String topic) {
        if (!topic.endsWith(SUFFIX) || !TOPIC_NAME.matcher(topic).matches()) {
            throw ApiException.notFound("dead-letter topic", topic);
        }
        TopicDescription description;
        try {
            description = clients.admin().describeTopics(List.of(topic)).allTopicNames()
                    .get(clients.timeout().toMillis(), TimeUnit.MILLISECONDS).get(topic);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw ApiException.notFound("dead-letter topic", topic);
            }
            throw unavailable(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (TimeoutException e) {
            throw unavailable(e);
        }
        return description.partitions().stream().map(TopicPartitionInfo::partition).sorted()
                .map(p -> new TopicPartition(topic, p)).toList();
    }

    private List<ConsumerRecord<byte[], byte[]>> read(KafkaConsumer<byte[], byte[]> consumer, TopicPartition tp,
                                                    long from, long until, long deadline) {
        var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        if (from >= until) {
            return records;
        }
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        while (consumer.position(tp, clients.timeout()) < until) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw unavailable(new IllegalStateException("reading " + tp + " took longer than "
                        + clients.timeout().toMillis() + " ms"));
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofNanos(Math.min(left,
                    Duration.ofMillis(500).toNanos())))) {
                if (record.offset() < until) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    private Raw view(ConsumerRecord<byte[], byte[]> record) {
        var headers = new LinkedHashMap<String, String>();
        var raw = new ArrayList<Header>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : text(header.value()));
            raw.add(header);
        }
        Map<String, Object> envelope = envelope(record.value());
        var view = new DeadLetterView(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()), record.key() == null ? null : text(record.key()),
                record.value() == null ? null : text(record.value()),
                "true".equals(headers.get(DeadLetters.VALUE_DROPPED)),
                envelope.get("eventId") instanceof String id ? id : null,
                envelope.get("eventType") instanceof String type ? type : null,
                headers.get(DeadLetters.ERROR), headers.get(DeadLetters.CONSUMER),
                headers.get(DeadLetters.ORIGINAL_TOPIC), integer(headers.get(DeadLetters.ORIGINAL_PARTITION)),
                number(headers.get(DeadLetters.ORIGINAL_OFFSET)), headers, null, 0, null, null);
        return new Raw(view, record.key(), record.value(), raw);
    }

    private Map<String, Object> envelope(@Nullable byte[] value) {
        if (value == null) {
            return Map.of();
        }
        try {
            Map<String, Object> map = json.readValue(value, Argument.mapOf(String.class, Object.class));
            return map == null ? Map.of() : map;
        } catch (Exception e) {
            return Map.of(); // not JSON, or not an object: shown as text only
        }
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Integer integer(@Nullable String text) {
        Long value = number(text);
        return value == null || value > Integer.MAX_VALUE || value < 0 ? null : value.intValue();
    }

    private static Long number(@Nullable String text) {
        try {
            return text == null ? null : Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static ApiException unavailable(Throwable cause) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "urn:commerce:problem:kafka-unavailable",
                "Kafka did not answer: " + cause.getMessage(), Map.of());
    }
}
