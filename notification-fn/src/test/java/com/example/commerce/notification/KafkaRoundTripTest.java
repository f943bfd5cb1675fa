package com.example.commerce.notification;

import com.example.commerce.testsupport.Eventually;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import io.micronaut.configuration.kafka.annotation.KafkaKey;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real (embedded) broker is reached through the beans the consumers use: a {@code @KafkaClient} produces, a
 * {@code @KafkaListener} receives, and the consumer group's offset is committed after the record was handled.
 */
@MicronautTest
@Property(name = "round-trip.enabled", value = "true")
class KafkaRoundTripTest {

    static final String TOPIC = "infrastructure-round-trip";
    static final String GROUP = "infrastructure-round-trip-check";
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    RoundTripProducer producer;

    @Inject
    RoundTripListener listener;

    @Inject
    AdminClient admin;

    @Test
    void aProducedRecordIsConsumedAndItsOffsetCommitted() throws Exception {
        String key = UUID.randomUUID().toString();
        String value = "hello " + key;

        producer.send(key, value);

        ConsumerRecord<String, String> received = awaitRecord(key);
        assertEquals(value, received.value());
        var partition = new TopicPartition(received.topic(), received.partition());
        assertEquals(received.offset() + 1, awaitCommittedOffset(partition, received.offset() + 1),
                "the group's committed offset moves past the handled record");
    }

    private ConsumerRecord<String, String> awaitRecord(String key) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecord<String, String> record = listener.received.poll(1, TimeUnit.SECONDS);
            if (record != null && key.equals(record.key())) {
                return record;
            }
        }
        throw new AssertionError("record " + key + " was not consumed within " + PATIENCE);
    }

    private long awaitCommittedOffset(TopicPartition partition, long expected) throws Exception {
        long committed = Eventually.lastRead(PATIENCE, Duration.ofMillis(100), () -> committedOffset(partition),
                offset -> offset >= expected);
        assertTrue(committed >= expected, "no commit reached " + expected + " (last seen " + committed + ")");
        return committed;
    }

    /** The group's committed offset on the partition; -1 before its first commit. */
    private long committedOffset(TopicPartition partition) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets =
                admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        OffsetAndMetadata offset = offsets.get(partition);
        return offset == null ? -1 : offset.offset();
    }

    @KafkaClient
    @Requires(property = "round-trip.enabled")
    interface RoundTripProducer {
        @Topic(TOPIC)
        void send(@KafkaKey String key, String value);
    }

    @Requires(property = "round-trip.enabled")
    @KafkaListener(groupId = GROUP, offsetReset = OffsetReset.EARLIEST, offsetStrategy = OffsetStrategy.SYNC_PER_RECORD)
    static class RoundTripListener {
        final BlockingQueue<ConsumerRecord<String, String>> received = new LinkedBlockingQueue<>();

        @Topic(TOPIC)
        void receive(ConsumerRecord<String, String> record) {
            received.add(record);
        }
    }
}
