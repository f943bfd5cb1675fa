package com.example.commerce.api.order;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OrderRepository extends CrudRepository<Order, Long> {

    /** Another user's order is as absent as a missing one. */
    Optional<Order> findByIdAndUserId(long id, long userId);

    /** Locks the row so that concurrent transitions of one order are decided one after the other. */
    @Query("SELECT * FROM orders WHERE id = :id AND user_id = :userId FOR UPDATE")
    Optional<Order> findByIdAndUserIdForUpdate(long id, long userId);

    Optional<Order> findByUserIdAndIdempotencyKey(long userId, String idempotencyKey);

    Page<Order> findByUserId(long userId, Pageable pageable);
}
