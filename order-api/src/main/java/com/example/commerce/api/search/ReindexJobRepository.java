package com.example.commerce.api.search;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ReindexJobRepository extends CrudRepository<ReindexJob, UUID> {

    @Query("UPDATE reindex_jobs SET total = :total, index_name = :indexName WHERE id = :id")
    void started(UUID id, long total, String indexName);

    @Query("UPDATE reindex_jobs SET indexed = :indexed, heartbeat_at = now() WHERE id = :id")
    void progress(UUID id, long indexed);

    @Query("UPDATE reindex_jobs SET heartbeat_at = now() WHERE id = :id")
    void heartbeat(UUID id);

    /** Marks failed a running job that has shown no sign of life for {@code seconds}: its instance stopped. */
    @Query("""
            UPDATE reindex_jobs SET status = 'FAILED', finished_at = now(),
                   error = 'Abandoned: no progress for ' || :seconds || ' s (the instance running it stopped)'
            WHERE status = 'RUNNING' AND heartbeat_at < now() - :seconds * interval '1 second'""")
    int failAbandoned(long seconds);

    @Query("UPDATE reindex_jobs SET status = :status, error = :error, finished_at = now() WHERE id = :id")
    void finished(UUID id, String status, @Nullable String error);

    /** The database's clock, the one product and metrics timestamps are compared with. */
    @Query("SELECT now()")
    Instant now();
}
