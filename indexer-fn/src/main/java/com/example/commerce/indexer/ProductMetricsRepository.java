package com.example.commerce.indexer;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ProductMetricsRepository extends GenericRepository<ProductMetrics, Long> {

    /**
     * Adds the increments to the product's counters, creating its row at zero first if needed, and counts the
     * change in {@code revision} (part of the search document's version).
     */
    @Query("""
            INSERT INTO product_metrics AS m (product_id, like_count, view_count, sales_count, total_sales_amount,
                                              revision)
            VALUES (:productId, :likes, :views, :salesCount, :salesAmount, 1)
            ON CONFLICT (product_id) DO UPDATE
            SET like_count = m.like_count + EXCLUDED.like_count,
                view_count = m.view_count + EXCLUDED.view_count,
                sales_count = m.sales_count + EXCLUDED.sales_count,
                total_sales_amount = m.total_sales_amount + EXCLUDED.total_sales_amount,
                revision = m.revision + 1,
                updated_at = now()""")
    void add(long productId, long likes, long views, long salesCount, long salesAmount);
}
