package com.example.commerce.api.saga;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SagaStepRepository extends CrudRepository<SagaStep, Long> {

    /**
     * Starts a new order's saga (RUNNING; nothing if it has one) and records its first entry, in one statement: the
     * saga row's insert runs whether or not the entry's insert reads it.
     */
    @Query("""
            WITH saga AS (
                INSERT INTO order_sagas (order_id, status) VALUES (:orderId, 'RUNNING')
                ON CONFLICT (order_id) DO NOTHING)
            INSERT INTO order_saga_steps (order_id, step, status, occurred_at)
            VALUES (:orderId, :step, :status, :occurredAt)
            RETURNING *""")
    SagaStep startWith(long orderId, String step, String status, Instant occurredAt);

    /** The history of several orders, oldest first within each. */
    @Query("SELECT * FROM order_saga_steps WHERE order_id IN (:orderIds) ORDER BY order_id, id")
    List<SagaStep> findStepsOf(Collection<Long> orderIds);
}
