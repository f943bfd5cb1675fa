package com.example.commerce.api.catalog;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ProductRepository extends CrudRepository<Product, Long> {

    /** Locks the row: concurrent changes of one product are applied one after the other, each a new version. */
    @Query("SELECT * FROM products WHERE id = :id FOR UPDATE")
    Optional<Product> findByIdForUpdate(long id);

    /** Takes the row lock and moves to the next version in one statement; 0 if the product is not ACTIVE. */
    @Query("UPDATE products SET version = version + 1 WHERE id = :id AND status = 'ACTIVE'")
    int nextVersionIfActive(long id);

    Page<Product> findByStatus(ProductStatus status, Pageable pageable);

    List<Product> findByIdIn(Collection<Long> ids);

    /**
     * What an order holds on its products until it commits: a shared advisory lock per product (the only advisory
     * locks in this database are these, keyed by product id), which {@link #lockForChange} waits for. So a product
     * cannot be deactivated or repriced between being read for an order and the order's commit, while concurrent
     * orders never wait for each other. Unlike {@code SELECT ... FOR SHARE}, it writes nothing to the product row:
     * share-locking the same hot rows from concurrent orders costs a row write (and a MultiXact) per order.
     * Read the products in a later statement: this statement's snapshot predates the locks.
     */
    @Query("SELECT CAST(pg_advisory_xact_lock_shared(id) AS text) FROM products WHERE id IN (:ids) ORDER BY id")
    List<String> lockForOrder(Collection<Long> ids);

    /** Taken before a product is changed: waits for the orders that hold it ({@link #lockForOrder}). */
    @Query("SELECT CAST(pg_advisory_xact_lock(:id) AS text)")
    String lockForChange(long id);

    /** @return 1 if the like is new, 0 if the user already liked the product */
    @Query("INSERT INTO product_likes (product_id, user_id) VALUES (:productId, :userId) ON CONFLICT DO NOTHING")
    int insertLike(long productId, long userId);

    @Query("DELETE FROM product_likes WHERE product_id = :productId AND user_id = :userId")
    int deleteLike(long productId, long userId);
}
