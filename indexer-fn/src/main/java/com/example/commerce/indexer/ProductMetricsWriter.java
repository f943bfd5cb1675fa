package com.example.commerce.indexer;

import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.consumer.PoisonRecords;
import com.example.commerce.consumer.RolledBack;
import com.example.commerce.consumer.idempotency.ProcessedEvents;
import com.example.commerce.indexer.replay.MetricsReplayGate;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Applies the metric changes of a batch's events not seen before, with their processed-event marks, in one
 * transaction. Lock order is fixed, so concurrent batches cannot deadlock: first the marks in event id order, then
 * one upsert per product in product id order ({@link MetricChanges}).
 *
 * <p>A counter that would leave the 64-bit range is refused, not saturated: a saturated counter would be silently
 * and permanently wrong (every later refund subtracting from a false base), while a refused event is visible on the
 * dead-letter topic and can be replayed once the data is corrected.
 *
 * <p>Each transaction first passes {@link MetricsReplayGate}: while a replay of the product metrics swaps its
 * rebuilt table in, the batch waits, and then finds its events among the marks the swap wrote if the replay
 * counted them already. PostgreSQL refuses the overflowing update
 * itself (SQLState 22003) and {@link MetricChanges} refuses a sum that would wrap around in Java. When the batch's
 * transaction fails that way, or with any other permanent error ({@link PoisonRecords}), the events are applied one
 * per transaction to find the ones that can never be applied; those are returned, the others committed.
 */
@Singleton
class ProductMetricsWriter {

    private static final Logger LOG = LoggerFactory.getLogger(ProductMetricsWriter.class);

    /** An event and the record it came from. */
    record Parsed(IncomingEvent record, IndexerEvent event) {
    }

    /** A record that can never be applied, and why. */
    record Refused(IncomingEvent record, String cause) {
    }

    /** What became of the events with metric changes. */
    record Outcome(int applied, int duplicates, List<Refused> refused) {
    }

    private final ProcessedEvents processedEvents;
    private final ProductMetricsRepository metrics;
    private final TransactionOperations<Connection> transactions;
    private final MetricsReplayGate replayGate;

    ProductMetricsWriter(ProcessedEvents processedEvents, ProductMetricsRepository metrics,
                         TransactionOperations<Connection> transactions, MetricsReplayGate replayGate) {
        this.replayGate = replayGate;
        this.processedEvents = processedEvents;
        this.metrics = metrics;
        this.transactions = transactions;
    }

    /** @throws RuntimeException on a transient failure: nothing of the batch can be assumed applied */
    Outcome apply(List<Parsed> events) {
        if (events.isEmpty()) {
            return new Outcome(0, 0, List.of());
        }
        try {
            int applied = transactions.executeWrite(tx -> applyInTransaction(events));
            return new Outcome(applied, events.size() - applied, List.of());
        } catch (RuntimeException e) {
            String cause = PoisonRecords.permanentCause(e);
            if (cause == null) {
                throw e;
            }
            LOG.warn("Batch of {} metric events refused ({}); applying them one at a time", events.size(), cause);
        }
        int applied = 0;
        var refused = new ArrayList<Refused>();
        for (Parsed event : events) {
            try {
                applied += transactions.executeWrite(tx -> applyInTransaction(List.of(event)));
            } catch (RuntimeException e) {
                String cause = PoisonRecords.permanentCause(e);
                if (cause == null) {
                    throw e;
                }
                refused.add(new Refused(event.record(), "metrics of products " + event.event().products()
                        + " refused: " + cause));
            }
        }
        return new Outcome(applied, events.size() - applied - refused.size(), refused);
    }

    /**
     * {@link #apply}'s statements for {@code events} (the replay gate, the marks, the merged upserts) in a
     * transaction that is rolled back ({@link RolledBack}): the SnapStart priming's. A refusal fails it; nothing is
     * tried one event at a time.
     *
     * @return the number of events that would have been applied
     */
    int rehearse(List<Parsed> events) {
        return RolledBack.run(transactions, tx -> applyInTransaction(events));
    }

    /** @return the number of events applied now (the others were applied before) */
    private int applyInTransaction(List<Parsed> events) {
        replayGate.passSwap();
        var changes = new ArrayList<IndexerEvent.MetricChange>();
        int applied = 0;
        var byEventId = new ArrayList<>(events);
        byEventId.sort(Comparator.comparing(parsed -> parsed.event().eventId()));
        for (Parsed parsed : byEventId) {
            if (processedEvents.markProcessed(IndexerService.CONSUMER, parsed.event().eventId())) {
                changes.addAll(parsed.event().changes());
                applied++;
            }
        }
        for (var change : MetricChanges.merge(changes)) {
            metrics.add(change.productId(), change.likes(), change.views(), change.salesCount(),
                    change.salesAmount());
        }
        return applied;
    }
}
