package com.example.commerce.testsupport;

import io.micronaut.core.value.PropertyResolver;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Statements against the test database on connections of their own (auto-commit), outside any transaction of the
 * code under test: what a test sets up is committed, and what it reads is what others committed.
 */
public final class Sql {

    private final DataSource dataSource;

    private Sql(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Over the application's data source, unwrapped from Micronaut's transaction-aware proxy. */
    public static Sql of(DataSource dataSource) {
        return new Sql(DelegatingDataSource.unwrapDataSource(dataSource));
    }

    /**
     * Over plain connections to the database that {@code datasources.default.*} names: for tests that start an
     * application context of their own, and need the database while it is closed or failing.
     */
    public static Sql connect(PropertyResolver properties) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setURL(properties.getRequiredProperty("datasources.default.url", String.class));
        dataSource.setUser(properties.getRequiredProperty("datasources.default.username", String.class));
        dataSource.setPassword(properties.getRequiredProperty("datasources.default.password", String.class));
        return new Sql(dataSource);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** A row of a result. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** The first column of the only row of a query such as {@code SELECT count(*) ...} (0 for a NULL sum). */
    public long count(String sql, Object... args) {
        return list(sql, row -> row.getLong(1), args).get(0);
    }

    /** Every row of a query, read by {@code reader}. */
    public <T> List<T> list(String sql, RowReader<T> reader, Object... args) {
        try (var connection = dataSource.getConnection(); var query = connection.prepareStatement(sql)) {
            bind(query, args);
            try (var rows = query.executeQuery()) {
                var values = new ArrayList<T>();
                while (rows.next()) {
                    values.add(reader.read(rows));
                }
                return values;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** One statement with parameters; returns the number of rows it changed. */
    public int execute(String sql, Object... args) {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            bind(statement, args);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Several statements without parameters, separated by semicolons (e.g. a function and its trigger). */
    public void script(String sql) {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /**
     * A connection in a transaction that has run {@code query} (e.g. taken a row or advisory lock) and keeps what it
     * holds until the caller commits or rolls back; the caller closes it.
     */
    public Connection openTransaction(String query, Object... args) {
        try {
            var connection = dataSource.getConnection();
            try {
                connection.setAutoCommit(false);
                try (var statement = connection.prepareStatement(query)) {
                    bind(statement, args);
                    statement.executeQuery().close();
                }
                return connection;
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(query, e);
        }
    }

    /** A refusal in force until closed. */
    public interface Refusal extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Until closed, the database refuses {@code operations} (e.g. {@code INSERT OR UPDATE}) on {@code table} for the
     * rows where {@code condition} (SQL over {@code NEW}) holds, with {@code sqlState}: as a database failing that
     * way would, e.g. 40001 or 40P01 (transient) or 23514 (permanent).
     */
    public Refusal refuse(String table, String operations, String condition, String sqlState) {
        String name = "refuse_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        script("""
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF %2$s THEN
                        RAISE EXCEPTION 'refused for the test' USING ERRCODE = '%3$s';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER %1$s BEFORE %4$s ON %5$s FOR EACH ROW EXECUTE FUNCTION %1$s();"""
                .formatted(name, condition, sqlState, operations, table));
        return () -> script("DROP TRIGGER %1$s ON %2$s; DROP FUNCTION %1$s();".formatted(name, table));
    }

    private static void bind(PreparedStatement statement, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
    }
}
