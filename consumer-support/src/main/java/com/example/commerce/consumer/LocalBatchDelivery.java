package com.example.commerce.consumer;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * How a local batch listener ({@code @KafkaListener(batch = true, offsetStrategy = DISABLED)}) hands a poll to its
 * service: the batch's offsets are committed once the service returned; if it threw, every partition of the batch
 * is rewound to its first record and the poll thread waits {@code retryDelay}, so that the next poll delivers the
 * same records again. A batch is never skipped; what a failed attempt did commit is absorbed as duplicates.
 *
 * <p>Why not micronaut-kafka's {@code RETRY_ON_ERROR}, which every local listener uses this instead of. For batches:
 * in micronaut-kafka 5.9.0 its retry bookkeeping throws a NullPointerException when the failed batch holds a
 * partition it has no offset entry for (seen on the first poll after an assignment), and the listener then goes on
 * without the batch. For one record at a time: it rewinds the records polled after a failed one by partition number
 * only, so in a listener of two topics a record of the other topic's same-numbered partition was skipped for good
 * (seen in the fault-injection run: sagas left waiting at CANCEL_SHIPMENT for a SHIPMENT_CANCELLED already on
 * Kafka). This rewinds per topic and partition ({@code LocalBatchDeliveryTest}).
 */
public final class LocalBatchDelivery {

    private LocalBatchDelivery() {
    }

    /**
     * @param consumerName the listener's consumer: dead letters replayed for another one are passed by
     *                     ({@link ReplayedDeadLetters}), their offsets committed with the rest
     * @param service      processes the whole batch or throws (it logs why)
     * @return whether the batch was processed (and its offsets committed)
     */
    public static boolean deliver(Consumer<?, ?> consumer, List<ConsumerRecord<byte[], byte[]>> records,
                                  String consumerName, java.util.function.Consumer<List<IncomingEvent>> service,
                                  Duration retryDelay) {
        if (records.isEmpty()) {
            return true;
        }
        try {
            List<IncomingEvent> batch = ReplayedDeadLetters.forAny(records.stream().map(IncomingEvents::of).toList(),
                    Set.of(consumerName));
            if (!batch.isEmpty()) {
                service.accept(batch);
            }
        } catch (RuntimeException e) {
            rewind(consumer, records);
            pause(retryDelay);
            return false;
        }
        // A commit that fails (the group rebalanced) leaves the batch to the partition's next owner: duplicates.
        try {
            consumer.commitSync(nextOffsets(records));
        } catch (WakeupException e) {
            // The listener is being stopped, and the commit took the wake-up meant for its poll loop: hand it back,
            // or the loop would poll on and never stop. The batch is delivered again after the restart.
            consumer.wakeup();
            return false;
        }
        return true;
    }

    private static void rewind(Consumer<?, ?> consumer, List<ConsumerRecord<byte[], byte[]>> records) {
        var first = new HashMap<TopicPartition, Long>();
        for (var record : records) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        var assigned = consumer.assignment();
        // A partition taken away meanwhile restarts from its committed offset with its new owner.
        first.forEach((partition, offset) -> {
            if (assigned.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> records) {
        var next = new HashMap<TopicPartition, OffsetAndMetadata>();
        for (var record : records) {
            next.merge(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return next;
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
