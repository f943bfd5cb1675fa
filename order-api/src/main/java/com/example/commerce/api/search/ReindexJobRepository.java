package com.example.commerce.api.search;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.UUID;

/** Reindex jobs as this side sees them: recorded here, run and updated by indexer-fn. */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ReindexJobRepository extends CrudRepository<ReindexJob, UUID> {

    /** Marks failed a running job that has shown no sign of life for {@code seconds}: nothing runs it any more. */
    @Query("""
            UPDATE reindex_jobs SET status = 'FAILED', finished_at = now(), claimed_by = NULL,
                   error = 'Abandoned: no progress for ' || :seconds || ' s (the indexer running it stopped)'
            WHERE status = 'RUNNING' AND heartbeat_at < now() - :seconds * interval '1 second'""")
    int failAbandoned(long seconds);

    Page<ReindexJob> findAll(Pageable pageable);

    /** The database's clock. */
    @Query("SELECT now()")
    Instant now();
}
