package com.example.commerce.api.catalog;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface ViewCountRepository extends GenericRepository<ViewCount, Long> {

    /** One view: an increment of one shard, so that concurrent views of one product rarely wait for each other. */
    @Query("""
            INSERT INTO product_view_counts (product_id, shard, views) VALUES (:productId, :shard, 1)
            ON CONFLICT (product_id, shard) DO UPDATE SET views = product_view_counts.views + 1""")
    void increment(long productId, int shard);

    /**
     * Takes (deletes and returns) the counted views of up to {@code limit} products, lowest ids first. A view
     * committed while this runs is either taken with its row or counted in a new row, never lost; two instances
     * taking at once never take the same row twice.
     */
    @Query("""
            WITH taken AS (
                DELETE FROM product_view_counts
                WHERE product_id IN (SELECT DISTINCT product_id FROM product_view_counts ORDER BY product_id
                                     LIMIT :limit)
                RETURNING product_id, views)
            SELECT product_id, CAST(sum(views) AS bigint) AS views FROM taken
            GROUP BY product_id ORDER BY product_id""")
    List<ViewCount> findAndTake(int limit);
}
