package com.example.commerce.indexer.replay;

import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.context.BeanProvider;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads source topics for a replay with a consumer of its own: partitions assigned by hand, positions taken from the
 * job (never from a consumer group, and nothing committed), so every replay starts at offset 0 whatever the live
 * consumers have read, and a piece on another instance continues exactly where the last one stopped. The brokers
 * and their security settings are the function's {@code kafka.*} configuration.
 */
@Singleton
class ReplayLog {

    private final BeanProvider<KafkaDefaultConfiguration> kafka;
    private final ReplayConfiguration config;

    ReplayLog(BeanProvider<KafkaDefaultConfiguration> kafka, ReplayConfiguration config) {
        this.kafka = kafka;
        this.config = config;
    }

    Reader open() {
        var properties = new Properties();
        properties.putAll(kafka.get().getConfig());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(config.maxPollRecords()));
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return new Reader(new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
    }

    /** One piece's consumer. Not thread-safe, like the consumer it wraps. */
    final class Reader implements AutoCloseable {

        private final KafkaConsumer<byte[], byte[]> consumer;
        /** Where the consumer will fetch next, as far as this reader knows; a partition that differs is sought. */
        private final Map<TopicPartition, Long> fetching = new HashMap<>();

        private Reader(KafkaConsumer<byte[], byte[]> consumer) {
            this.consumer = consumer;
        }

        /**
         * Every partition of {@code topics}, at offset 0 (the log start: what retention left), up to the current end
         * offsets.
         */
        List<PartitionProgress> fromStart(List<String> topics) {
            var partitions = new ArrayList<TopicPartition>();
            for (String topic : topics) {
                var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("Topic " + topic + " has no partitions (does it exist?)");
                }
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            partitions.sort(Comparator.comparing(TopicPartition::topic).thenComparing(TopicPartition::partition));
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            return partitions.stream().map(tp -> new PartitionProgress(tp.topic(), tp.partition(), starts.get(tp),
                    ends.get(tp))).toList();
        }

        /** The same positions, each up to its partition's end offset now. */
        List<PartitionProgress> untilEnd(List<PartitionProgress> progress) {
            Map<TopicPartition, Long> ends = consumer.endOffsets(
                    progress.stream().map(ReplayLog::partition).toList(), Duration.ofSeconds(30));
            return progress.stream().map(p -> p.until(ends.get(partition(p)))).toList();
        }

        /**
         * One read: the records at or after each partition's position and before its end, at most
         * {@code max-poll-records}; {@code progress} is moved past them (and past gaps such as transaction markers).
         */
        Batch read(List<PartitionProgress> progress) {
            Map<TopicPartition, PartitionProgress> open = progress.stream().filter(p -> !p.done())
                    .collect(Collectors.toMap(ReplayLog::partition, p -> p));
            if (open.isEmpty()) {
                return new Batch(List.of(), progress);
            }
            Set<TopicPartition> assigned = new HashSet<>(consumer.assignment());
            if (!assigned.equals(open.keySet())) {
                consumer.assign(open.keySet());
                fetching.keySet().retainAll(open.keySet());
            }
            open.forEach((tp, p) -> {
                if (!Long.valueOf(p.read()).equals(fetching.get(tp))) {
                    consumer.seek(tp, p.read());
                    fetching.put(tp, p.read());
                }
            });
            var records = new ArrayList<ConsumerRecord<byte[], byte[]>>();
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(config.pollTimeout())) {
                PartitionProgress p = open.get(new TopicPartition(record.topic(), record.partition()));
                if (p != null && record.offset() >= p.read() && record.offset() < p.end()) {
                    records.add(record);
                }
            }
            var moved = new ArrayList<PartitionProgress>(progress.size());
            for (PartitionProgress p : progress) {
                TopicPartition tp = partition(p);
                if (open.containsKey(tp)) {
                    long position = consumer.position(tp, Duration.ofSeconds(30));
                    fetching.put(tp, position);
                    moved.add(p.at(position));
                } else {
                    moved.add(p);
                }
            }
            return new Batch(records, moved);
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Records read, and the positions after them. */
    record Batch(List<ConsumerRecord<byte[], byte[]>> records, List<PartitionProgress> progress) {
    }

    private static TopicPartition partition(PartitionProgress p) {
        return new TopicPartition(p.topic(), p.partition());
    }
}
