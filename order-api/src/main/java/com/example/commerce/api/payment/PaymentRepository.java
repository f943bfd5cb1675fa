package com.example.commerce.api.payment;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface PaymentRepository extends CrudRepository<Payment, Long> {

    /** The latest attempt of each of several orders. */
    @Query("SELECT DISTINCT ON (order_id) * FROM payments WHERE order_id IN (:orderIds) ORDER BY order_id, attempt DESC")
    List<Payment> findLatestOf(Collection<Long> orderIds);

    /** The order's latest attempt, locked. */
    @Query("SELECT * FROM payments WHERE order_id = :orderId ORDER BY attempt DESC LIMIT 1 FOR UPDATE")
    Optional<Payment> findLatestForUpdate(long orderId);

    /** The order's attempt that is not FAILED: at most one (payments_one_live_attempt). */
    @Query("SELECT * FROM payments WHERE order_id = :orderId AND status <> 'FAILED' FOR UPDATE")
    Optional<Payment> findLiveForUpdate(long orderId);

    @Query("SELECT * FROM payments WHERE id = :id FOR UPDATE")
    Optional<Payment> findByIdForUpdate(long id);

    /** Which of these orders have an attempt whose outcome is still unknown. */
    @Query("SELECT DISTINCT order_id FROM payments WHERE order_id IN (:orderIds) AND status = 'PENDING'")
    List<Long> findOrdersWithPendingAttempt(Collection<Long> orderIds);

    /**
     * Attempts whose outcome is still unknown, last sent to the gateway before {@code cutoff} (a retried pay sends one
     * again: see {@link #sentAgain}), oldest first.
     */
    @Query("""
            SELECT * FROM payments WHERE status = 'PENDING' AND created_at < :cutoff AND updated_at < :cutoff
            ORDER BY created_at LIMIT :limit""")
    List<Payment> findPendingBefore(Instant cutoff, int limit);

    /**
     * A pay request sends the PENDING attempt to the gateway again: its {@code updated_at} says when it was last sent,
     * which reconciliation compares before it fails an attempt the gateway did not know.
     */
    @Query("UPDATE payments SET updated_at = :at WHERE id = :id AND status = 'PENDING'")
    int sentAgain(long id, Instant at);
}
