package com.example.commerce.api.replay;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Replay jobs as this side sees them: recorded here, run and updated by indexer-fn. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ReplayJobRepository extends GenericRepository<ReplayJobRow, UUID> {

    /** Records a running job; a unique violation while another replay of the read model runs. */
    @Query("INSERT INTO replay_jobs (id, read_model, status) VALUES (:id, :readModel, 'RUNNING')")
    void record(UUID id, String readModel);

    /** A job's columns with its dead-letter count and its last 20 dead letters, from {@code replay_jobs j}. */
    String JOB = """
            SELECT id, read_model, status, phase, target, partitions, events_read, applied, verify_attempts,
                   verification, error, started_at, finished_at,
                   (SELECT count(*) FROM replay_dead_letters d WHERE d.job_id = j.id) AS dead_lettered,
                   (SELECT coalesce(json_agg(json_build_object('topic', source_topic, 'partition', source_partition,
                                                               'offset', source_offset, 'messageId', message_id,
                                                               'error', error)), '[]')::text
                      FROM (SELECT * FROM replay_dead_letters d WHERE d.job_id = j.id
                             ORDER BY recorded_at DESC, source_offset DESC LIMIT 20) recent)
                       AS dead_letters
              FROM replay_jobs j
            """;

    @Query(JOB + "WHERE id = :id")
    Optional<ReplayJobRow> find(UUID id);

    /** Newest first, for the operations console's jobs page. */
    @Query(JOB + "ORDER BY started_at DESC, id LIMIT :limit OFFSET :offset")
    List<ReplayJobRow> newestFirst(int limit, long offset);

    @Query("SELECT count(*) FROM replay_jobs")
    long countJobs();

    /**
     * Marks failed a running job that has shown no sign of life for {@code seconds}: nothing runs it any more. Not a
     * job past its swap: its new model serves already, and only finishing it (which the indexer does when it is back)
     * leaves the model whole.
     */
    @Query("""
            UPDATE replay_jobs SET status = 'FAILED', finished_at = now(), claimed_by = NULL,
                   error = 'Abandoned: no progress for ' || :seconds || ' s (the indexer running it stopped)'
             WHERE read_model = :readModel AND status = 'RUNNING' AND heartbeat_at < now() - :seconds * interval '1 second'
               AND phase NOT IN ('FOLLOWING_UP', 'REFRESHING')""")
    int failAbandoned(String readModel, long seconds);
}
