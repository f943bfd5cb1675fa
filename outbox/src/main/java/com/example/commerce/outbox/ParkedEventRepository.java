package com.example.commerce.outbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;

/** The queries on parked rows; {@link ParkedEvents} is their only user. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ParkedEventRepository extends GenericRepository<OutboxRow, Long> {

    @Query("""
            SELECT id, event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type, attempts,
                   last_error, occurred_at, parked_at
            FROM outbox WHERE parked_at IS NOT NULL ORDER BY id LIMIT :limit OFFSET :offset""")
    List<ParkedEvent> findParked(int limit, long offset);

    @Query("SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL")
    long countParked();

    /**
     * Back to the relay's queue as if new: unparked, no attempts, due now; the rows of its aggregate held back
     * behind it become claimable again after it. last_error stays as a record of what happened.
     */
    @Query("UPDATE outbox SET parked_at = NULL, attempts = 0, next_attempt_at = NULL WHERE id = :id "
            + "AND parked_at IS NOT NULL")
    int requeue(long id);

    @Query("UPDATE outbox SET parked_at = NULL, attempts = 0, next_attempt_at = NULL WHERE parked_at IS NOT NULL")
    int requeueAll();
}
