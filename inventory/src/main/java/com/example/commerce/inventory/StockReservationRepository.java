package com.example.commerce.inventory;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.Optional;

/** Every statement on stock_reservations and stock_reservation_lines. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface StockReservationRepository extends GenericRepository<StockReservation, Long> {

    Optional<StockReservation> findById(long orderId);

    /**
     * Claims the order's reservation: 0 if it already has one. A concurrent claim of the same order waits on the
     * key until the first commits, then finds it.
     */
    @Query("INSERT INTO stock_reservations (order_id, status, version) VALUES (:orderId, :status, 1) "
            + "ON CONFLICT (order_id) DO NOTHING")
    int insertIfAbsent(long orderId, String status);

    @Query("SELECT * FROM stock_reservations WHERE order_id = :orderId FOR UPDATE")
    Optional<StockReservation> lock(long orderId);

    /** Moves the reservation on, one version up. */
    @Query("UPDATE stock_reservations SET status = :status, version = version + 1, updated_at = now() "
            + "WHERE order_id = :orderId")
    int update(long orderId, String status);

    /**
     * Moves the reservation on, one version up, only from status {@code from} (locking it, as {@link #lock} would):
     * its new version, or null if the order has no reservation or it is in another status.
     */
    @Query("""
            UPDATE stock_reservations SET status = :to, version = version + 1, updated_at = now()
            WHERE order_id = :orderId AND status = :from RETURNING version""")
    @Nullable
    Long moveOn(long orderId, String from, String to);

    @Query("INSERT INTO stock_reservation_lines (order_id, product_id, quantity) VALUES (:orderId, :productId, :quantity)")
    int insertLine(long orderId, long productId, long quantity);

    @Query("SELECT product_id, quantity FROM stock_reservation_lines WHERE order_id = :orderId ORDER BY product_id")
    List<ReservationLine> lines(long orderId);
}
