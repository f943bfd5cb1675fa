package com.example.commerce.api.auth;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Optional;

/**
 * Fixed-window counters shared by every instance of the API. A count is one statement (an upsert), so concurrent
 * attempts from any number of instances are counted exactly; windows are timed by the database's clock.
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface AttemptWindowRepository extends GenericRepository<AttemptWindow, String> {

    /** Counts one attempt in the key's current window, starting a new window if the last one has ended. */
    @Query("""
            INSERT INTO attempt_windows AS w (key, window_start, attempts)
            VALUES (:key, clock_timestamp(), 1)
            ON CONFLICT (key) DO UPDATE SET
                window_start = CASE WHEN w.window_start <= clock_timestamp() - make_interval(secs => :windowSeconds)
                                    THEN clock_timestamp() ELSE w.window_start END,
                attempts = CASE WHEN w.window_start <= clock_timestamp() - make_interval(secs => :windowSeconds)
                                THEN 1 ELSE LEAST(w.attempts, 1000000000) + 1 END""")
    void count(String key, double windowSeconds);

    /** The key's window if it has not ended. */
    @Query("""
            SELECT * FROM attempt_windows
            WHERE key = :key AND window_start > clock_timestamp() - make_interval(secs => :windowSeconds)""")
    Optional<AttemptWindow> findLive(String key, double windowSeconds);

    /** Deletes up to 1,000 windows that started more than {@code ageSeconds} ago: many short statements, not one long. */
    @Query("""
            DELETE FROM attempt_windows WHERE key IN (
                SELECT key FROM attempt_windows
                WHERE window_start < clock_timestamp() - make_interval(secs => :ageSeconds) LIMIT 1000)""")
    int deleteExpired(double ageSeconds);
}
