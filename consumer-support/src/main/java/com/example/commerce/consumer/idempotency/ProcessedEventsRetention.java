package com.example.commerce.consumer.idempotency;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deletes a consumer's processed-event marks older than the retention, in chunks of {@code cleanup-batch}, each in
 * its own short transaction. Only the consumer's own marks: each consumer cleans the rows it writes.
 */
@Singleton
public class ProcessedEventsRetention {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessedEventsRetention.class);

    private final ProcessedEventRepository repository;
    private final TransactionOperations<Connection> transactions;
    private final IdempotencyConfiguration config;
    private final Map<String, Long> nextRunNanos = new ConcurrentHashMap<>();

    public ProcessedEventsRetention(ProcessedEventRepository repository,
                                    TransactionOperations<Connection> transactions, IdempotencyConfiguration config) {
        this.repository = repository;
        this.transactions = transactions;
        this.config = config;
    }

    /** @return the number of marks deleted */
    public long cleanup(String consumer) {
        Instant cutoff = Instant.now().minus(config.retention());
        long stopAt = System.nanoTime() + config.cleanupMaxDuration().toNanos();
        long deleted = 0;
        int chunk;
        do {
            chunk = transactions.executeWrite(tx -> repository.deleteProcessedBefore(consumer, cutoff,
                    config.cleanupBatch()));
            deleted += chunk;
        } while (chunk == config.cleanupBatch() && System.nanoTime() < stopAt);
        if (deleted > 0) {
            LOG.info("Deleted {} processed-event marks of {} older than {}", deleted, consumer, config.retention());
        }
        return deleted;
    }

    /**
     * Cleans up if this process has not done so for the consumer within the cleanup interval: for a process that
     * has no schedule (a Lambda instance), called after each batch. Never throws: a failed cleanup waits for the
     * next interval and must not fail the batch.
     */
    public void cleanupIfDue(String consumer) {
        long now = System.nanoTime();
        Long due = nextRunNanos.get(consumer);
        if (due != null && now - due < 0) {
            return;
        }
        nextRunNanos.put(consumer, now + config.cleanupInterval().toNanos());
        try {
            cleanup(consumer);
        } catch (RuntimeException e) {
            LOG.warn("Cleanup of processed-event marks of {} failed: {}", consumer, e.toString());
        }
    }
}
