package com.example.commerce.relay;

import com.example.commerce.outbox.OutboxClaimRepository;
import io.micronaut.transaction.TransactionOperations;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Deletes rows published longer ago than the retention, {@code cleanup-batch} rows per transaction, so that no
 * statement holds locks for long.
 */
final class PublishedCleanup {

    private final OutboxClaimRepository outbox;
    private final TransactionOperations<Connection> transactions;
    private final Duration retention;
    private final int batch;
    private final Clock clock;

    PublishedCleanup(OutboxClaimRepository outbox, TransactionOperations<Connection> transactions,
                     RelayConfiguration config, Clock clock) {
        this.outbox = outbox;
        this.transactions = transactions;
        this.retention = config.retention();
        this.batch = config.cleanupBatch();
        this.clock = clock;
    }

    /** Starts no batch after {@code deadline}; the rest waits for the next cleanup. */
    long run(Instant deadline) {
        Instant cutoff = clock.instant().minus(retention);
        long deleted = 0;
        int deletedByBatch;
        do {
            deletedByBatch = transactions.executeWrite(tx -> outbox.deletePublishedBefore(cutoff, batch));
            deleted += deletedByBatch;
        } while (deletedByBatch == batch && clock.instant().isBefore(deadline));
        return deleted;
    }
}
