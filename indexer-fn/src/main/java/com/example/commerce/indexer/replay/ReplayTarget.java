package com.example.commerce.indexer.replay;

import io.micronaut.core.annotation.Nullable;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What a replay builds: the new index or table, how a batch of records goes into it, and how it is verified. */
interface ReplayTarget {

    ReadModel model();

    /** Creates the new, empty target for job {@code jobId} (again if a piece stopped in between); its name. */
    String create(UUID jobId);

    /**
     * Applies records to the target; repeating a batch changes nothing (versions or per-event marks). A record that
     * can never be read is not applied and is returned among {@link Applied#unreadable()}: the job records it (the
     * live consumer, reading the same record with the same reader, dead-letters it).
     */
    Applied apply(String target, List<ConsumerRecord<byte[], byte[]>> records);

    /**
     * Compares the target with the database.
     *
     * @param deadLetteredMessages the messages whose records this job could never apply: left out of the comparison
     */
    Verification verify(String target, Set<Long> deadLetteredMessages);

    /** What a batch did: the events that changed the target, and the records that could never be applied. */
    record Applied(long applied, List<Unreadable> unreadable) {
    }

    /** A record of the log that can never be applied, where it is, why, and the message it names if any. */
    record Unreadable(String topic, int partition, long offset, @Nullable Long messageId, String error) {

        static Unreadable of(ConsumerRecord<byte[], byte[]> record, @Nullable Long messageId, String error) {
            return new Unreadable(record.topic(), record.partition(), record.offset(), messageId,
                    error == null ? "unreadable" : error);
        }
    }

    /** What a verification found: whether it passed, and its figures in words. */
    record Verification(boolean passed, String figures) {
    }
}
