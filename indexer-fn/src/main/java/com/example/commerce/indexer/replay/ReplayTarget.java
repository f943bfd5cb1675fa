package com.example.commerce.indexer.replay;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.List;
import java.util.UUID;

/** What a replay builds: the new index or table, how a batch of records goes into it, and how it is verified. */
interface ReplayTarget {

    ReadModel model();

    /** Creates the new, empty target for job {@code jobId} (again if a piece stopped in between); its name. */
    String create(UUID jobId);

    /**
     * Applies records to the target; repeating a batch changes nothing (versions or per-event marks). Records that
     * can never be read are skipped here: the live consumer dead-letters them.
     *
     * @return the events that changed the target
     */
    long apply(String target, List<ConsumerRecord<byte[], byte[]>> records);

    /** Compares the target with the database. */
    Verification verify(String target);

    /** What a verification found: whether it passed, and its figures in words. */
    record Verification(boolean passed, String figures) {
    }
}
