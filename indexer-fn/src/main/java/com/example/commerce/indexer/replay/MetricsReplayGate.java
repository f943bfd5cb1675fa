package com.example.commerce.indexer.replay;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

/**
 * What the live metrics writer does first in each transaction: a key-share lock on the running product-metrics
 * replay's row, if there is one. Live batches do not block each other or the replay's progress (its cursor updates
 * change no key); the swap locks the row for update, so it waits for the live batches in flight and the next ones
 * wait for it. A batch that waited sees the swapped-in table and the replay's marks.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface MetricsReplayGate extends GenericRepository<ReplayCursor, java.util.UUID> {

    /** Waits while a product-metrics swap runs; the number of running replays it locked (0 or 1). */
    @Query("""
            SELECT count(*) FROM (SELECT id FROM replay_jobs
                                   WHERE read_model = 'product-metrics' AND status = 'RUNNING' FOR KEY SHARE) running""")
    long passSwap();
}
