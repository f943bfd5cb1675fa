package com.example.commerce.productindex;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds product documents from PostgreSQL, the source of truth: a document always shows the product, its metrics
 * and its stock as committed, whichever event asked for it. Stock is read from the inventory's {@code stock} table:
 * a tracked row gives {@code available = on_hand - reserved}; no row, or an untracked one, gives null.
 */
@Singleton
public class ProductDocuments {

    private static final String SELECT = """
            SELECT p.id, p.name, p.description, p.category, p.brand, p.price, p.status, p.created_at, p.updated_at,
                   coalesce(m.like_count, 0), coalesce(m.view_count, 0), coalesce(m.sales_count, 0),
                   coalesce(m.total_sales_amount, 0), p.version, coalesce(m.revision, 0),
                   CASE WHEN s.tracked THEN s.on_hand - s.reserved END, coalesce(s.version, 0)
            FROM products p LEFT JOIN product_metrics m ON m.product_id = p.id
                 LEFT JOIN stock s ON s.product_id = p.id
            """;

    private final DataSource dataSource;

    public ProductDocuments(DataSource dataSource) {
        // Reads run outside any transaction (after the indexer's commit, during a reindex): plain pooled connections.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
    }

    public List<ProductDocument> byIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        try (Connection connection = dataSource.getConnection();
             var query = connection.prepareStatement(SELECT + "WHERE p.id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("bigint", ids.toArray()));
            return read(query.executeQuery());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read products " + ids + ": " + e.getMessage(), e);
        }
    }

    /** Products (ACTIVE or not) with an id above {@code afterId}, in id order: one page of a full reindex. */
    public List<ProductDocument> after(long afterId, int limit) {
        try (Connection connection = dataSource.getConnection();
             var query = connection.prepareStatement(SELECT + "WHERE p.id > ? ORDER BY p.id LIMIT ?")) {
            query.setLong(1, afterId);
            query.setInt(2, limit);
            return read(query.executeQuery());
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read products after " + afterId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every product whose row, metrics or stock changed at or after {@code since}, in id order, handed to {@code chunks}
     * {@code chunkSize} at a time: what a reindex writes again after the copy. One query streamed through a
     * cursor, so that a large change set is read once, not once per page.
     *
     * @return the number of products read
     */
    public long changedSince(Instant since, int chunkSize, Consumer<List<ProductDocument>> chunks) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false); // PostgreSQL streams by fetch size only inside a transaction
            try (var query = connection.prepareStatement(SELECT + """
                    WHERE p.id IN (SELECT id FROM products WHERE updated_at >= ?
                                   UNION SELECT product_id FROM product_metrics WHERE updated_at >= ?
                                   UNION SELECT product_id FROM stock WHERE updated_at >= ?)
                    ORDER BY p.id""")) {
                query.setTimestamp(1, Timestamp.from(since));
                query.setTimestamp(2, Timestamp.from(since));
                query.setTimestamp(3, Timestamp.from(since));
                query.setFetchSize(chunkSize);
                long read = 0;
                try (ResultSet rows = query.executeQuery()) {
                    var chunk = new ArrayList<ProductDocument>(chunkSize);
                    while (rows.next()) {
                        chunk.add(document(rows));
                        read++;
                        if (chunk.size() == chunkSize) {
                            chunks.accept(chunk);
                            chunk = new ArrayList<>(chunkSize);
                        }
                    }
                    if (!chunk.isEmpty()) {
                        chunks.accept(chunk);
                    }
                }
                return read;
            } finally {
                connection.rollback(); // read only
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read products changed since " + since + ": " + e.getMessage(), e);
        }
    }

    public long count() {
        try (Connection connection = dataSource.getConnection();
             var query = connection.prepareStatement("SELECT count(*) FROM products");
             var rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot count products: " + e.getMessage(), e);
        }
    }

    private static List<ProductDocument> read(ResultSet rows) throws SQLException {
        try (rows) {
            var documents = new ArrayList<ProductDocument>();
            while (rows.next()) {
                documents.add(document(rows));
            }
            return documents;
        }
    }

    private static ProductDocument document(ResultSet rows) throws SQLException {
        return new ProductDocument(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getString(5), rows.getLong(6), rows.getString(7), rows.getTimestamp(8).toInstant().toString(),
                rows.getTimestamp(9).toInstant().toString(), rows.getLong(10), rows.getLong(11), rows.getLong(12),
                rows.getLong(13), rows.getLong(14), rows.getLong(15), rows.getObject(16, Long.class), rows.getLong(17));
    }
}
