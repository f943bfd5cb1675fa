package com.example.commerce.indexer.reindex;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The reindex job's cursor. Every write names the piece ({@code runner}) that claimed the job and requires it to be
 * RUNNING still: a piece that lost its claim (taken over after a long silence, or failed as abandoned by order-api)
 * changes nothing and stops.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ReindexCursorRepository extends GenericRepository<ReindexCursor, UUID> {

    String COLUMNS = "id, status, phase, after_id, indexed, index_name, changed_since, previous_indices, pieces";

    /**
     * A running job that a piece may take: unclaimed (new, or handed on by the previous piece), or claimed by a
     * piece silent for {@code resumeAfterSeconds}; the oldest first. A job silent for {@code abandonedAfterSeconds}
     * is left to order-api, which fails it as abandoned.
     */
    @Query("SELECT " + COLUMNS + """
             FROM reindex_jobs
            WHERE status = 'RUNNING' AND heartbeat_at >= now() - :abandonedAfterSeconds * interval '1 second'
              AND (claimed_by IS NULL OR heartbeat_at < now() - :resumeAfterSeconds * interval '1 second')
            ORDER BY started_at LIMIT 1""")
    Optional<ReindexCursor> findResumable(long resumeAfterSeconds, long abandonedAfterSeconds);

    /** Claims the job for {@code runner} on the same terms as {@link #findResumable}; 1 if claimed. */
    @Query("""
            UPDATE reindex_jobs SET claimed_by = :runner, heartbeat_at = now(), pieces = pieces + 1
             WHERE id = :id AND status = 'RUNNING'
               AND heartbeat_at >= now() - :abandonedAfterSeconds * interval '1 second'
               AND (claimed_by IS NULL OR heartbeat_at < now() - :resumeAfterSeconds * interval '1 second')""")
    int claim(UUID id, UUID runner, long resumeAfterSeconds, long abandonedAfterSeconds);

    @Query("SELECT " + COLUMNS + " FROM reindex_jobs WHERE id = :id")
    Optional<ReindexCursor> find(UUID id);

    /** The rebuild began: the new index, the products to copy and where the catch-up will read from. */
    @Query("""
            UPDATE reindex_jobs SET phase = 'COPYING', after_id = 0, index_name = :indexName, total = :total,
                   changed_since = :changedSince, heartbeat_at = now()
             WHERE id = :id AND claimed_by = :runner AND status = 'RUNNING'""")
    int began(UUID id, UUID runner, String indexName, long total, Instant changedSince);

    /** Moves the cursor; also the job's heartbeat. */
    @Query("""
            UPDATE reindex_jobs SET phase = :phase, after_id = :afterId, indexed = :indexed, heartbeat_at = now()
             WHERE id = :id AND claimed_by = :runner AND status = 'RUNNING'""")
    int advance(UUID id, UUID runner, String phase, long afterId, long indexed);

    /** The catch-up into the new index is done; these are the indices the alias will leave. */
    @Query("""
            UPDATE reindex_jobs SET phase = 'SWAPPING', after_id = 0, previous_indices = :previousIndices,
                   heartbeat_at = now()
             WHERE id = :id AND claimed_by = :runner AND status = 'RUNNING'""")
    int swapping(UUID id, UUID runner, String previousIndices);

    /** Ends the piece without ending the job: the next piece may claim it at once. */
    @Query("""
            UPDATE reindex_jobs SET claimed_by = NULL, heartbeat_at = now()
             WHERE id = :id AND claimed_by = :runner AND status = 'RUNNING'""")
    int release(UUID id, UUID runner);

    @Query("""
            UPDATE reindex_jobs SET status = :status, phase = CASE WHEN :status = 'SUCCEEDED' THEN 'DONE' ELSE phase END,
                   error = :error, finished_at = now(), claimed_by = NULL, heartbeat_at = now()
             WHERE id = :id AND claimed_by = :runner AND status = 'RUNNING'""")
    int finished(UUID id, UUID runner, String status, @Nullable String error);

    /** The database's clock, the one product and metrics timestamps are compared with. */
    @Query("SELECT now()")
    Instant now();
}
