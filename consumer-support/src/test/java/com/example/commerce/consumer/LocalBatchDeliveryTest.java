package com.example.commerce.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch of a listener that consumes two topics: partitions with the same number in both are different partitions.
 * micronaut-kafka 5.9.0's RETRY_ON_ERROR rewound by partition number and lost the other topic's records; this is the
 * delivery the multi-topic listeners use instead. A unit test of one class, on Kafka's own MockConsumer: the
 * listeners that use it are driven on the real broker by the saga and fault-injection tests.
 */
class LocalBatchDeliveryTest {

    private static final TopicPartition INVENTORY_0 = new TopicPartition("inventory-events", 0);
    private static final TopicPartition SHIPPING_0 = new TopicPartition("shipping-events", 0);
    private static final TopicPartition SHIPPING_1 = new TopicPartition("shipping-events", 1);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
    private final List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();

    @BeforeEach
    void polledBatchOfTwoTopics() {
        consumer.assign(List.of(INVENTORY_0, SHIPPING_0, SHIPPING_1));
        consumer.updateBeginningOffsets(Map.of(INVENTORY_0, 0L, SHIPPING_0, 0L, SHIPPING_1, 0L));
        batch.add(record(INVENTORY_0, 10));
        batch.add(record(SHIPPING_0, 20));
        batch.add(record(INVENTORY_0, 11));
        batch.add(record(SHIPPING_0, 21));
        batch.add(record(SHIPPING_1, 5));
        // Where the consumer stands after the poll that returned the batch.
        consumer.seek(INVENTORY_0, 12);
        consumer.seek(SHIPPING_0, 22);
        consumer.seek(SHIPPING_1, 6);
    }

    @Test
    void aFailedBatchIsDeliveredAgainFromItsFirstRecordInEveryPartitionOfEveryTopic() {
        var seen = new ArrayList<String>();
        boolean processed = LocalBatchDelivery.deliver(consumer, batch, "test-consumer", events -> {
            for (IncomingEvent event : events) {
                seen.add(event.topic() + "-" + event.partition() + "@" + event.offset());
                if (event.offset() == 11) {
                    throw new IllegalStateException("database down");
                }
            }
        }, Duration.ZERO);

        assertFalse(processed);
        assertEquals(List.of("inventory-events-0@10", "shipping-events-0@20", "inventory-events-0@11"), seen);
        assertEquals(10, consumer.position(INVENTORY_0));
        assertEquals(20, consumer.position(SHIPPING_0), "the other topic's partition 0 is rewound too");
        assertEquals(5, consumer.position(SHIPPING_1));
        assertTrue(consumer.committed(Set.of(INVENTORY_0, SHIPPING_0, SHIPPING_1)).values().stream()
                .allMatch(offset -> offset == null), "nothing of a failed batch is committed");
    }

    @Test
    void aProcessedBatchCommitsTheNextOffsetOfEachPartitionOfEachTopic() {
        assertTrue(LocalBatchDelivery.deliver(consumer, batch, "test-consumer", events -> { }, Duration.ZERO));

        Map<TopicPartition, OffsetAndMetadata> committed =
                consumer.committed(Set.of(INVENTORY_0, SHIPPING_0, SHIPPING_1));
        assertEquals(12, committed.get(INVENTORY_0).offset());
        assertEquals(22, committed.get(SHIPPING_0).offset());
        assertEquals(6, committed.get(SHIPPING_1).offset());
    }

    /**
     * A dead letter replayed for another consumer (the operations console names the one that dead-lettered it) is
     * passed by, and committed with the batch: this consumer applied the event the first time.
     */
    @Test
    void aDeadLetterReplayedForAnotherConsumerIsPassedByAndCommitted() {
        var forOther = record(SHIPPING_1, 6);
        forOther.headers().add(ReplayedDeadLetters.FOR, "other-consumer".getBytes(StandardCharsets.UTF_8));
        var forThis = record(SHIPPING_1, 7);
        forThis.headers().add(ReplayedDeadLetters.FOR, "test-consumer".getBytes(StandardCharsets.UTF_8));
        var seen = new ArrayList<Long>();
        consumer.seek(SHIPPING_1, 8);

        assertTrue(LocalBatchDelivery.deliver(consumer, List.of(record(SHIPPING_1, 5), forOther, forThis),
                "test-consumer", events -> events.forEach(event -> seen.add(event.offset())), Duration.ZERO));

        assertEquals(List.of(5L, 7L), seen);
        assertEquals(8, consumer.committed(Set.of(SHIPPING_1)).get(SHIPPING_1).offset());
        var onlyOthers = new ArrayList<Long>();
        assertTrue(LocalBatchDelivery.deliver(consumer, List.of(forOther), "test-consumer",
                events -> onlyOthers.add((long) events.size()), Duration.ZERO));
        assertEquals(List.of(), onlyOthers, "a batch of nothing for this consumer reaches no service");
    }

    private static ConsumerRecord<byte[], byte[]> record(TopicPartition partition, long offset) {
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset,
                ("key-" + offset).getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
    }
}
