package com.example.commerce.indexer.reindex;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ids of products whose row or metrics changed at or after a time, a page at a time in id order: what a
 * reindex writes again after the copy, in pieces that a cursor (the last id) can resume.
 */
@Singleton
class ChangedProducts {

    private final DataSource dataSource;

    ChangedProducts(DataSource dataSource) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    List<Long> after(Instant since, long afterId, int limit) {
        try (var connection = dataSource.getConnection(); var query = connection.prepareStatement("""
                SELECT id FROM (SELECT id FROM products WHERE updated_at >= ? AND id > ?
                                UNION
                                SELECT product_id FROM product_metrics WHERE updated_at >= ? AND product_id > ?) changed
                ORDER BY id LIMIT ?""")) {
            query.setTimestamp(1, Timestamp.from(since));
            query.setLong(2, afterId);
            query.setTimestamp(3, Timestamp.from(since));
            query.setLong(4, afterId);
            query.setInt(5, limit);
            var ids = new ArrayList<Long>(limit);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read products changed since " + since + ": " + e.getMessage(), e);
        }
    }
}
