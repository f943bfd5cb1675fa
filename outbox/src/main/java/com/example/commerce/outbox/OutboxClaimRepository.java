package com.example.commerce.outbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * The queries of outbox-relay-fn: claiming, marking, retrying and parking rows, the backlog, cleanup. Each is written
 * out because its locking and indexes are the point.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OutboxClaimRepository extends GenericRepository<OutboxRow, Long> {

    /**
     * Keeps the claim on its intended plan: walk the partial index of unpublished rows in id order and stop at
     * the batch size. The planner's estimate of how many rows are unpublished comes from the last ANALYZE, usually
     * taken while the outbox was nearly empty; after an outage the backlog is large but still estimated tiny, and
     * the planner then prefers a bitmap scan of the entire backlog plus a sort (measured at a 30,000-row backlog:
     * 194 ms per claim instead of 2 ms). Also bounds every statement of the pass by {@code statementTimeout} (e.g.
     * {@code 950ms}), the time the pass has left, so that a slow database cannot hold a relay past its deadline.
     * Both local to the claiming transaction.
     */
    @Query("SELECT set_config('enable_bitmapscan', 'off', true) || set_config('statement_timeout', :statementTimeout, true)")
    String preparePass(String statementTimeout);

    /**
     * Claims due, unpublished, unparked rows in commit order. SKIP LOCKED lets any number of relays claim
     * disjoint batches without waiting on each other. A row behind an older event of its aggregate that is parked
     * or backing off is not claimed at all: it could not be sent, and enough such rows would otherwise fill every
     * batch and starve all other aggregates. Served by the partial indexes outbox_unpublished and outbox_blocked.
     *
     * <p>The plan must not depend on the statistics, which are usually taken while the outbox was nearly drained
     * or never: walk outbox_unpublished in id order, test each candidate with one probe of outbox_blocked (the
     * unpublished rows that ever failed, read for the candidate's aggregate only), stop at the limit. {@code OFFSET 0} keeps PostgreSQL from turning the {@code NOT EXISTS}
     * into an anti-join, whose plan is the statistics' to choose, and both choices it made were ruinous: with one
     * unpublished row estimated, a nested loop that scanned every unpublished row once per candidate (4.6 million
     * buffer reads and 8 s for a 1,000-row claim behind a 3,000-row backlog, BENCHMARKS.md, the saga); with a
     * blocking-row list read up front, a hash anti-join followed by a sort of the entire backlog (180 ms per claim
     * at 100,000 rows instead of 2 ms: the relay's drain halved). As a filter the check can only run per candidate.
     */
    @Query("""
            SELECT o.* FROM outbox o
            WHERE o.published_at IS NULL AND o.parked_at IS NULL
              AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= now())
              AND NOT EXISTS (
                  SELECT 1 FROM outbox older
                  WHERE older.aggregate_type = o.aggregate_type AND older.aggregate_id = o.aggregate_id
                    AND older.id < o.id AND older.published_at IS NULL
                    AND (older.parked_at IS NOT NULL OR older.next_attempt_at IS NOT NULL)
                    AND (older.parked_at IS NOT NULL OR older.next_attempt_at > now())
                  OFFSET 0)
            ORDER BY o.id
            LIMIT :limit
            FOR UPDATE OF o SKIP LOCKED""")
    List<OutboxRow> claim(int limit);

    /**
     * The claimed rows that must not be sent yet: an older unpublished event of their aggregate lies outside the
     * batch (locked by another relay, backing off or parked), and sending them would overtake it. Per aggregate of
     * the batch, the oldest unpublished row below its newest claimed row that is not claimed (the gap) holds back
     * every claimed row after it. Each aggregate's unpublished rows are read by a LATERAL probe of
     * outbox_unpublished_aggregate (OFFSET 0 keeps the planner from flattening it into a join that could hash the
     * whole backlog), and compared with the claimed ids once, by hash. A {@code NOT IN (:claimedIds)} inside the
     * probe compared every probed row with the whole list: 150-240 ms per pass at a 20,000-row backlog whose hot
     * aggregates had hundreds of rows in one batch (BENCHMARKS.md, the saga).
     */
    @Query("""
            WITH claimed AS MATERIALIZED (
                SELECT id, aggregate_type, aggregate_id FROM outbox WHERE id IN (:claimedIds)),
            newest AS (
                SELECT aggregate_type, aggregate_id, max(id) AS id FROM claimed GROUP BY aggregate_type, aggregate_id),
            gaps AS (
                SELECT n.aggregate_type, n.aggregate_id, min(older.id) AS id
                FROM newest n
                CROSS JOIN LATERAL (
                    SELECT o.id FROM outbox o
                    WHERE o.aggregate_type = n.aggregate_type AND o.aggregate_id = n.aggregate_id
                      AND o.id < n.id AND o.published_at IS NULL
                    OFFSET 0) AS older
                WHERE NOT EXISTS (SELECT 1 FROM claimed c WHERE c.id = older.id)
                GROUP BY n.aggregate_type, n.aggregate_id)
            SELECT c.id FROM claimed c
            JOIN gaps g ON g.aggregate_type = c.aggregate_type AND g.aggregate_id = c.aggregate_id AND c.id > g.id""")
    List<Long> heldBack(Collection<Long> claimedIds);

    @Query("UPDATE outbox SET published_at = :at, last_error = NULL WHERE id IN (:ids)")
    void markPublished(Collection<Long> ids, Instant at);

    @Query("""
            UPDATE outbox SET attempts = attempts + 1, next_attempt_at = :nextAttemptAt, last_error = :error
            WHERE id = :id""")
    void retryLater(long id, Instant nextAttemptAt, String error);

    /**
     * Like {@link #retryLater} without counting an attempt: the failure was not the row's (the broker unreachable,
     * the producer to be replaced), so it neither brings the row nearer to parking nor lengthens its backoff.
     */
    @Query("UPDATE outbox SET next_attempt_at = :nextAttemptAt, last_error = :error WHERE id = :id")
    void retryAfterOutage(long id, Instant nextAttemptAt, String error);

    @Query("UPDATE outbox SET attempts = attempts + 1, parked_at = now(), last_error = :error WHERE id = :id")
    void park(long id, String error);

    /** The outbox's state for monitoring; both counts are served by partial indexes. */
    @Query("""
            SELECT count(*) FILTER (WHERE parked_at IS NULL) AS unpublished,
                   count(*) FILTER (WHERE parked_at IS NOT NULL) AS parked,
                   coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0)
                       AS oldest_unpublished_age_seconds
            FROM outbox WHERE published_at IS NULL""")
    Backlog backlog();

    /**
     * Rows published since {@code from}, counted per interval of {@code seconds} (intervals aligned to the epoch;
     * intervals with none are absent), by the index on {@code published_at}. The operations console's publish rate.
     */
    @Query("""
            SELECT to_timestamp(floor(extract(epoch FROM published_at) / :seconds) * :seconds) AS interval_start,
                   count(*) AS published
            FROM outbox WHERE published_at >= :from
            GROUP BY 1 ORDER BY 1""")
    List<PublishedInterval> publishedSince(Instant from, int seconds);

    /** Deletes one small batch of rows published before the cutoff; call until it returns less than limit. */
    @Query("""
            DELETE FROM outbox WHERE id IN (
                SELECT id FROM outbox WHERE published_at < :cutoff ORDER BY published_at LIMIT :limit)""")
    int deletePublishedBefore(Instant cutoff, int limit);
}
