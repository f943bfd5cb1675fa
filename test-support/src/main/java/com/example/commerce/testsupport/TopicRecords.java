package com.example.commerce.testsupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** What is on a topic, read from the beginning as a consumer without a group would (nothing is committed). */
public final class TopicRecords {

    private TopicRecords() {
    }

    /**
     * Every record of {@code topic} until {@code expected} arrived (or a minute passed), then a little longer, to
     * see duplicates that would follow.
     */
    public static List<ConsumerRecord<String, String>> read(String bootstrapServers, String topic, long expected) {
        var records = new ArrayList<ConsumerRecord<String, String>>();
        try (var consumer = consumer(bootstrapServers, topic, new StringDeserializer())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    /** The records of {@code topic} with the given key, until {@code expected} of them arrived (or 30 s passed). */
    public static List<ConsumerRecord<byte[], byte[]>> withKey(String bootstrapServers, String topic, String key,
                                                               int expected) {
        byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
        Predicate<ConsumerRecord<byte[], byte[]>> ours = r -> r.key() != null && Arrays.equals(r.key(), wanted);
        var found = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        try (var consumer = consumer(bootstrapServers, topic, new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < expected && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (ours.test(r)) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    /**
     * Every record of {@code topic} with the given key that the topic holds now (up to its end offsets at the call):
     * for counting what was written, without waiting for records that should not come.
     */
    public static List<ConsumerRecord<byte[], byte[]>> allWithKey(String bootstrapServers, String topic, String key) {
        byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
        var found = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        try (var consumer = consumer(bootstrapServers, topic, new ByteArrayDeserializer())) {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() - deadline < 0) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (r.key() != null && Arrays.equals(r.key(), wanted)
                            && r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    /** The value of the record's last header of that name, as UTF-8 text; null without one. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static <T> KafkaConsumer<T, T> consumer(String bootstrapServers, String topic,
                                                    Deserializer<T> deserializer) {
        var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "max.poll.records", "5000"), deserializer, deserializer);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
