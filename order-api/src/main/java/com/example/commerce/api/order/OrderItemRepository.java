package com.example.commerce.api.order;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Collection;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface OrderItemRepository extends CrudRepository<OrderItem, Long> {

    /** The lines of several orders at once, in the order they were placed. */
    @Query("SELECT * FROM order_items WHERE order_id IN (:orderIds) ORDER BY order_id, id")
    List<OrderItem> findLinesOf(Collection<Long> orderIds);
}
