package com.example.commerce.indexer.replay;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Optional;
import java.util.UUID;

/**
 * The replay job's cursor. Every write names the piece ({@code runner}) that claimed the job and requires it to be
 * RUNNING still: a piece that lost its claim changes nothing and stops.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ReplayCursorRepository extends GenericRepository<ReplayCursor, UUID> {

    String COLUMNS = """
            id, read_model, status, phase, target, partitions, events_read, applied, after_id, verify_attempts,
            verification, previous, pieces""";

    /**
     * Abandoned jobs are left to order-api to fail, except those past their swap, which only finishing leaves whole:
     * whenever a piece comes back, it takes them on.
     */
    String NOT_ABANDONED = """
            (heartbeat_at >= now() - :abandonedAfterSeconds * interval '1 second'
                   OR phase IN ('FOLLOWING_UP', 'REFRESHING'))""";

    /** A running job a piece may take: unclaimed, or claimed by a piece silent for {@code resumeAfterSeconds}. */
    @Query("SELECT " + COLUMNS + """
             FROM replay_jobs
            WHERE status = 'RUNNING' AND """ + NOT_ABANDONED + """

              AND (claimed_by IS NULL OR heartbeat_at < now() - :resumeAfterSeconds * interval '1 second')
            ORDER BY started_at LIMIT 1""")
    Optional<ReplayCursor> findResumable(long resumeAfterSeconds, long abandonedAfterSeconds);

    /** Claims the job for {@code runner} on the same terms as {@link #findResumable}; 1 if claimed. */
    @Query("""
            UPDATE replay_jobs SET claimed_by = :runner, heartbeat_at = now(), pieces = pieces + 1
             WHERE id = :id AND status = 'RUNNING' AND """ + NOT_ABANDONED + """

               AND (claimed_by IS NULL OR heartbeat_at < now() - :resumeAfterSeconds * interval '1 second')""")
    int claim(UUID id, UUID runner, long resumeAfterSeconds, long abandonedAfterSeconds);

    @Query("SELECT " + COLUMNS + " FROM replay_jobs WHERE id = :id")
    Optional<ReplayCursor> find(UUID id);

    /** Moves the cursor (every field a step may change); also the job's heartbeat. */
    @Query("""
            UPDATE replay_jobs SET phase = :phase, target = :target, partitions = :partitions, events_read = :eventsRead,
                   applied = :applied, after_id = :afterId, verify_attempts = :verifyAttempts,
                   verification = :verification, previous = :previous, error = NULL, heartbeat_at = now()
             WHERE id = :id AND claimed_by = :runner AND status = 'RUNNING'""")
    int advance(UUID id, UUID runner, String phase, @Nullable String target, String partitions, long eventsRead,
                long applied, long afterId, int verifyAttempts, @Nullable String verification,
                @Nullable String previous);

    /**
     * A step after the swap failed: the job keeps this runner's claim (so no piece takes it before
     * {@code resume-after}) and shows the error; the next piece to take it clears the error when it saves.
     */
    @Query("""
            UPDATE replay_jobs SET error = :error
             WHERE id = :id AND claimed_by = :runner AND status = 'RUNNING'""")
    int failedAfterSwap(UUID id, UUID runner, String error);

    /** Ends the piece without ending the job: the next piece may claim it at once. */
    @Query("""
            UPDATE replay_jobs SET claimed_by = NULL, heartbeat_at = now()
             WHERE id = :id AND claimed_by = :runner AND status = 'RUNNING'""")
    int release(UUID id, UUID runner);

    @Query("""
            UPDATE replay_jobs SET status = :status, phase = CASE WHEN :status = 'SUCCEEDED' THEN 'DONE' ELSE phase END,
                   error = :error, finished_at = now(), claimed_by = NULL, heartbeat_at = now()
             WHERE id = :id AND claimed_by = :runner AND status = 'RUNNING'""")
    int finished(UUID id, UUID runner, String status, @Nullable String error);
}
