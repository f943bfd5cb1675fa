package com.example.commerce.indexer.replay;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.UUID;

/** The records a replay could never apply: one row per record of the log, however often a step is repeated. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ReplayDeadLetterRepository extends GenericRepository<ReplayDeadLetter, ReplayDeadLetter.Key> {

    /** @return 1 if recorded now, 0 if the job had recorded this record already */
    @Query("""
            INSERT INTO replay_dead_letters (job_id, source_topic, source_partition, source_offset, message_id, error)
            VALUES (:jobId, :topic, :partition, :offset, :messageId, :error)
            ON CONFLICT DO NOTHING""")
    int record(UUID jobId, String topic, int partition, long offset, @Nullable Long messageId, String error);

    /** The messages named by the records job {@code jobId} could never apply. */
    @Query("SELECT DISTINCT message_id FROM replay_dead_letters WHERE job_id = :jobId AND message_id IS NOT NULL")
    List<Long> messageIds(UUID jobId);

    @Query("SELECT count(*) FROM replay_dead_letters WHERE job_id = :jobId")
    long count(UUID jobId);
}
