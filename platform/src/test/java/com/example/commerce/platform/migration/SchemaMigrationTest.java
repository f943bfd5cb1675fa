package com.example.commerce.platform.migration;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Flyway migrations ran against the real PostgreSQL and produced the tables and indexes the functions use. */
@MicronautTest(transactional = false)
class SchemaMigrationTest {

    DataSource dataSource;

    /** The injected DataSource joins Micronaut transactions; these checks want plain pooled connections. */
    @Inject
    void setDataSource(DataSource contextual) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(contextual);
    }

    @Test
    void everyTableExists() throws SQLException {
        Set<String> tables = new HashSet<>();
        try (var connection = dataSource.getConnection();
             var rs = connection.createStatement().executeQuery(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        assertTrue(tables.containsAll(Set.of("users", "products", "product_likes", "orders", "order_items",
                "outbox", "notifications", "processed_events", "product_metrics")), "tables: " + tables);
    }

    @Test
    void theOutboxClaimIndexCoversOnlyUnpublishedUnparkedRows() throws SQLException {
        try (var connection = dataSource.getConnection();
             var rs = connection.createStatement().executeQuery(
                     "SELECT indexdef FROM pg_indexes WHERE indexname = 'outbox_unpublished'")) {
            assertTrue(rs.next(), "index outbox_unpublished exists");
            assertTrue(rs.getString(1).endsWith("WHERE ((published_at IS NULL) AND (parked_at IS NULL))"),
                    rs.getString(1));
        }
    }

    @Test
    void usernamesAreUniqueRegardlessOfCase() throws SQLException {
        // The database is shared by every test of the build: use a name no other test uses.
        String name = "Case-" + UUID.randomUUID();
        try (var connection = dataSource.getConnection();
             var insert = connection.prepareStatement(
                     "INSERT INTO users (username, password_hash, role) VALUES (?, 'x', 'USER')")) {
            insert.setString(1, name);
            insert.executeUpdate();
            insert.setString(1, name.toLowerCase(Locale.ROOT));
            var duplicate = assertThrows(SQLException.class, insert::executeUpdate);
            assertEquals("23505", duplicate.getSQLState(), "unique_violation");
        }
    }
}
