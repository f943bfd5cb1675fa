package com.example.commerce.api.order;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OrderRepository extends CrudRepository<Order, Long> {

    /** Another user's order is as absent as a missing one. */
    Optional<Order> findByIdAndUserId(long id, long userId);

    /** Locks the row so that concurrent transitions of one order are decided one after the other. */
    @Query("SELECT * FROM orders WHERE id = :id AND user_id = :userId FOR UPDATE")
    Optional<Order> findByIdAndUserIdForUpdate(long id, long userId);

    /** Locks any user's order (administration, the saga). */
    @Query("SELECT * FROM orders WHERE id = :id FOR UPDATE")
    Optional<Order> findByIdForUpdate(long id);

    /** Locks the order unless another transaction holds it: that one is working on it, and this caller skips it. */
    @Query("SELECT * FROM orders WHERE id = :id FOR UPDATE SKIP LOCKED")
    Optional<Order> findByIdForUpdateSkipLocked(long id);

    /**
     * Claims unpaid orders placed before {@code cutoff} that no payment attempt is still waiting for, oldest first;
     * rows another instance holds are skipped.
     */
    @Query("""
            SELECT o.* FROM orders o
            WHERE o.status = 'PENDING' AND o.created_at < :cutoff
              AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id AND p.status = 'PENDING')
            ORDER BY o.created_at LIMIT :limit FOR UPDATE OF o SKIP LOCKED""")
    List<Order> claimExpired(Instant cutoff, int limit);

    Optional<Order> findByUserIdAndIdempotencyKey(long userId, String idempotencyKey);

    Page<Order> findByUserId(long userId, Pageable pageable);

    List<Order> findByIdIn(Collection<Long> ids);
}
