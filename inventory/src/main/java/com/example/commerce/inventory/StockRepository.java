package com.example.commerce.inventory;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Every statement on the stock table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface StockRepository extends GenericRepository<Stock, Long> {

    Optional<Stock> findById(long productId);

    List<Stock> findByProductIdIn(Collection<Long> productIds);

    /** A row to lock (untracked until set): concurrent first settings of one product then wait for each other. */
    @Query("INSERT INTO stock (product_id, tracked, on_hand) VALUES (:productId, false, 0) "
            + "ON CONFLICT (product_id) DO NOTHING")
    int insertIfAbsent(long productId);

    @Query("SELECT * FROM stock WHERE product_id = :productId FOR UPDATE")
    Optional<Stock> lock(long productId);

    /**
     * The tracked rows of these products, locked in product-id order: every transaction that locks several stock
     * rows takes them in this order, so two of them never wait for each other in a cycle.
     */
    @Query("SELECT * FROM stock WHERE product_id IN (:productIds) AND tracked ORDER BY product_id FOR UPDATE")
    List<Stock> lockTracked(Collection<Long> productIds);

    /** The same rows, tracked or not, in the same order (a release returns only to tracked ones). */
    @Query("SELECT * FROM stock WHERE product_id IN (:productIds) ORDER BY product_id FOR UPDATE")
    List<Stock> lockAll(Collection<Long> productIds);

    /**
     * The order's reservation lines with their products' stock rows, locked in product-id order (as {@link #lockAll}
     * would lock them, in one statement with reading the lines). Every line has its row: lines are written only for
     * tracked rows, and stock rows are never deleted.
     */
    @Query("""
            SELECT l.product_id, l.quantity, s.tracked, s.on_hand, s.reserved, s.version, s.updated_at
            FROM stock_reservation_lines l JOIN stock s ON s.product_id = l.product_id
            WHERE l.order_id = :orderId ORDER BY l.product_id FOR UPDATE OF s""")
    List<HeldStock> lockHeld(long orderId);

    /** Writes a locked row's new state, one version up. */
    @Query("UPDATE stock SET tracked = :tracked, on_hand = :onHand, reserved = :reserved, version = version + 1, "
            + "updated_at = now() WHERE product_id = :productId")
    int write(long productId, boolean tracked, long onHand, long reserved);
}
