package com.example.commerce.indexer.replay;

import com.example.commerce.consumer.PoisonRecords;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.indexer.IndexerEvent;
import com.example.commerce.indexer.IndexerEventParser;
import com.example.commerce.indexer.IndexerService;
import com.example.commerce.indexer.MetricChanges;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Product metrics rebuilt from catalog-events and order-events into {@code product_metrics_replay}, with the live
 * indexer's reading of the events ({@link IndexerEventParser}). Each event counts once: its id is marked in
 * {@code product_metrics_replay_events} in the transaction that adds its changes, so a duplicate in the log (the
 * relay publishes at least once) or a repeated step changes nothing. The swap copies the table over
 * {@code product_metrics} in one transaction ({@link #swap}).
 */
@Singleton
class MetricsReplay implements ReplayTarget {

    static final String TABLE = "product_metrics_replay";

    private final IndexerEventParser parser;
    private final TransactionOperations<Connection> transactions;

    MetricsReplay(IndexerEventParser parser, TransactionOperations<Connection> transactions) {
        this.parser = parser;
        this.transactions = transactions;
    }

    @Override
    public ReadModel model() {
        return ReadModel.PRODUCT_METRICS;
    }

    /** Empties the table and the marks: one replay of product metrics runs at a time. */
    @Override
    public String create(UUID jobId) {
        transactions.executeWrite(status -> {
            try (var statement = status.getConnection().createStatement()) {
                statement.executeUpdate("DELETE FROM product_metrics_replay");
                statement.executeUpdate("DELETE FROM product_metrics_replay_events");
            }
            return null;
        });
        return TABLE;
    }

    @Override
    public Applied apply(String target, List<ConsumerRecord<byte[], byte[]>> records) {
        var events = new LinkedHashMap<UUID, IndexerEvent>();
        var recordOf = new HashMap<UUID, ConsumerRecord<byte[], byte[]>>();
        var unreadable = new ArrayList<Unreadable>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                parser.parse(record.topic(), record.value())
                        .filter(event -> !event.changes().isEmpty())
                        .ifPresent(event -> {
                            events.putIfAbsent(event.eventId(), event);
                            recordOf.putIfAbsent(event.eventId(), record);
                        });
            } catch (MalformedEventException e) {
                // Dead-lettered by the live indexer and never counted there either: recorded by the job.
                unreadable.add(Unreadable.of(record, null, e.getMessage()));
            }
        }
        if (events.isEmpty()) {
            return new Applied(0, unreadable);
        }
        try {
            return new Applied(transactions.executeWrite(status -> applyInTransaction(status.getConnection(), events)),
                    unreadable);
        } catch (Exception e) { // the transaction rethrows the driver's SQLException as it is
            if (PoisonRecords.permanentCause(e) == null) {
                throw e;
            }
        }
        // Refused as data (a counter out of range, say): the live writer dead-letters such an event and counts the
        // others, so the replay counts them one event per transaction and records the refused one; thrown, it would
        // fail the job at the same offset on every replay.
        long applied = 0;
        for (var event : events.entrySet()) {
            try {
                applied += transactions.executeWrite(status -> applyInTransaction(status.getConnection(),
                        Map.of(event.getKey(), event.getValue())));
            } catch (Exception e) {
                String cause = PoisonRecords.permanentCause(e);
                if (cause == null) {
                    throw e;
                }
                unreadable.add(Unreadable.of(recordOf.get(event.getKey()), null, cause));
            }
        }
        return new Applied(applied, unreadable);
    }

    /** Marks in event id order, then one upsert per product in product id order: the lock order of every writer. */
    private long applyInTransaction(Connection connection, Map<UUID, IndexerEvent> events) throws SQLException {
        Set<UUID> fresh = new HashSet<>();
        try (var mark = connection.prepareStatement("""
                INSERT INTO product_metrics_replay_events (event_id)
                SELECT id FROM unnest(?::uuid[]) AS id ORDER BY id
                ON CONFLICT DO NOTHING RETURNING event_id""")) {
            mark.setArray(1, connection.createArrayOf("uuid", events.keySet().stream().sorted().toArray()));
            try (var rows = mark.executeQuery()) {
                while (rows.next()) {
                    fresh.add(rows.getObject(1, UUID.class));
                }
            }
        }
        var changes = new ArrayList<IndexerEvent.MetricChange>();
        var eventsPerProduct = new TreeMap<Long, Long>();
        for (UUID id : fresh) {
            IndexerEvent event = events.get(id);
            changes.addAll(event.changes());
            event.changes().stream().map(IndexerEvent.MetricChange::productId).distinct()
                    .forEach(product -> eventsPerProduct.merge(product, 1L, Long::sum));
        }
        try (var upsert = connection.prepareStatement("""
                INSERT INTO product_metrics_replay AS m (product_id, like_count, view_count, sales_count,
                                                         total_sales_amount, revision)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (product_id) DO UPDATE
                SET like_count = m.like_count + EXCLUDED.like_count,
                    view_count = m.view_count + EXCLUDED.view_count,
                    sales_count = m.sales_count + EXCLUDED.sales_count,
                    total_sales_amount = m.total_sales_amount + EXCLUDED.total_sales_amount,
                    revision = m.revision + EXCLUDED.revision""")) {
            for (var change : MetricChanges.merge(changes)) {
                upsert.setLong(1, change.productId());
                upsert.setLong(2, change.likes());
                upsert.setLong(3, change.views());
                upsert.setLong(4, change.salesCount());
                upsert.setLong(5, change.salesAmount());
                upsert.setLong(6, eventsPerProduct.getOrDefault(change.productId(), 1L));
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
        return fresh.size();
    }

    /**
     * Per product of the database: likes as in {@code product_likes}, sales (count and amount) as the items of
     * orders that are paid and not cancelled. Views have no record in the database beyond the events (order-api
     * publishes its counts and forgets them), so they are not compared.
     */
    @Override
    public Verification verify(String target, Set<Long> deadLetteredMessages) {
        return transactions.executeRead(status -> {
            try (var query = status.getConnection().prepareStatement("""
                    WITH likes AS (SELECT product_id, count(*) AS n FROM product_likes GROUP BY product_id),
                         sales AS (SELECT i.product_id, sum(i.quantity) AS n, sum(i.line_total) AS amount
                                     FROM order_items i JOIN orders o ON o.id = i.order_id
                                    WHERE o.status IN ('PAID', 'SHIPPED', 'DELIVERED') GROUP BY i.product_id),
                         compared AS (
                             SELECT p.id,
                                    coalesce(r.like_count, 0) <> coalesce(l.n, 0)
                                    OR coalesce(r.sales_count, 0) <> coalesce(s.n, 0)
                                    OR coalesce(r.total_sales_amount, 0) <> coalesce(s.amount, 0) AS differs
                               FROM products p
                               LEFT JOIN likes l ON l.product_id = p.id
                               LEFT JOIN sales s ON s.product_id = p.id
                               LEFT JOIN product_metrics_replay r ON r.product_id = p.id)
                    SELECT count(*), count(*) FILTER (WHERE differs),
                           (SELECT string_agg(id::text, ',') FROM (SELECT id FROM compared WHERE differs
                                                                   ORDER BY id LIMIT 5) first)
                      FROM compared""")) {
                try (var rows = query.executeQuery()) {
                    rows.next();
                    long products = rows.getLong(1);
                    long differing = rows.getLong(2);
                    String figures = "products compared with product_likes and paid orders: " + products
                            + "; differing: " + differing + (differing == 0 ? "" : ", e.g. " + rows.getString(3));
                    return new Verification(differing == 0, figures);
                }
            }
        });
    }

    /**
     * Swaps the rebuilt metrics in, in one transaction: the job's row is locked first, which makes every live
     * metrics batch wait ({@link MetricsReplayGate}); the rest of the log (read up to its end now, under the lock)
     * is applied; the rebuilt rows are copied over {@code product_metrics} (a product's revision only grows, so its
     * search document is rewritten, never refused as older); products the log knows nothing of are set to zero;
     * and every event the replay applied becomes the live indexer's processed-event mark, so that the live indexer,
     * if it lags behind the replay, does not count those events a second time.
     *
     * @param moveCursor called in the transaction with the positions after the tail; false (the job is no
     *                   longer this runner's) rolls the swap back
     * @return false if the job is no longer this runner's
     */
    boolean swap(UUID jobId, UUID runner, List<PartitionProgress> progress, ReplayLog.Reader reader, Counts counts,
                 Predicate<List<PartitionProgress>> moveCursor) {
        return transactions.executeWrite(status -> {
            Connection connection = status.getConnection();
            try (var lock = connection.prepareStatement("""
                    SELECT id FROM replay_jobs WHERE id = ? AND claimed_by = ? AND status = 'RUNNING' FOR UPDATE""")) {
                lock.setObject(1, jobId);
                lock.setObject(2, runner);
                try (var rows = lock.executeQuery()) {
                    if (!rows.next()) {
                        return false;
                    }
                }
            }
            try (var statement = connection.createStatement()) {
                statement.execute("LOCK TABLE product_metrics IN SHARE ROW EXCLUSIVE MODE");
            }
            List<PartitionProgress> tail = reader.untilEnd(progress);
            while (!tail.stream().allMatch(PartitionProgress::done)) {
                ReplayLog.Batch batch = reader.read(tail);
                counts.read += batch.records().size();
                Applied applied = apply(TABLE, batch.records());
                counts.applied += applied.applied();
                counts.unreadable.addAll(applied.unreadable());
                tail = batch.progress();
            }
            try (var statement = connection.createStatement()) {
                statement.executeUpdate("""
                        INSERT INTO product_metrics AS m (product_id, like_count, view_count, sales_count,
                                                          total_sales_amount, revision, updated_at)
                        SELECT product_id, like_count, view_count, sales_count, total_sales_amount, revision + 1, now()
                          FROM product_metrics_replay ORDER BY product_id
                        ON CONFLICT (product_id) DO UPDATE
                        SET like_count = EXCLUDED.like_count, view_count = EXCLUDED.view_count,
                            sales_count = EXCLUDED.sales_count, total_sales_amount = EXCLUDED.total_sales_amount,
                            revision = greatest(m.revision + 1, EXCLUDED.revision), updated_at = now()""");
                statement.executeUpdate("""
                        UPDATE product_metrics m
                           SET like_count = 0, view_count = 0, sales_count = 0, total_sales_amount = 0,
                               revision = m.revision + 1, updated_at = now()
                         WHERE NOT EXISTS (SELECT 1 FROM product_metrics_replay r WHERE r.product_id = m.product_id)
                           AND (like_count <> 0 OR view_count <> 0 OR sales_count <> 0 OR total_sales_amount <> 0)""");
                statement.executeUpdate("""
                        INSERT INTO processed_events (consumer, event_id)
                        SELECT '%s', event_id FROM product_metrics_replay_events ORDER BY event_id
                        ON CONFLICT DO NOTHING""".formatted(IndexerService.CONSUMER));
                statement.executeUpdate("DELETE FROM product_metrics_replay");
                statement.executeUpdate("DELETE FROM product_metrics_replay_events");
            }
            if (!moveCursor.test(tail)) {
                throw new IllegalStateException("Replay " + jobId + " was taken over during its swap; rolled back");
            }
            return true;
        });
    }

    /** The next page of products with metrics, in id order: their documents are rewritten after the swap. */
    List<Long> productsAfter(long afterId, int limit) {
        return transactions.executeRead(status -> {
            try (var query = status.getConnection().prepareStatement(
                    "SELECT product_id FROM product_metrics WHERE product_id > ? ORDER BY product_id LIMIT ?")) {
                query.setLong(1, afterId);
                query.setInt(2, limit);
                var ids = new ArrayList<Long>();
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getLong(1));
                    }
                }
                return ids;
            }
        });
    }

    /** What the tail under the swap's lock read and applied. */
    static final class Counts {
        long read;
        long applied;
        final List<Unreadable> unreadable = new ArrayList<>();
    }
}
