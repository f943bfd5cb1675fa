package com.example.commerce.testsupport.load;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What PostgreSQL executed during a benchmark's measured phase, from {@code pg_stat_statements}: statements and their
 * execution time per operation, and the statements that ran most. Unlike CPU time, the number of statements per
 * operation does not depend on how fast the host is at the moment, so a change that saves round trips shows here even
 * where run-to-run noise hides it in the latencies. Available only when the embedded server preloads the extension
 * ({@code COMMERCE_POSTGRES_STATEMENT_STATISTICS=true}, which {@code bench/saga.sh} sets with
 * {@code BENCH_STATEMENTS=true}); the counts cover every statement of every client (relay, consumers, the
 * benchmark's own polling), not only the operations'.
 */
public final class StatementCounts {

    private static final int TOP = 15;

    private final DataSource dataSource;

    private StatementCounts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Starts counting from now; empty where the server does not preload the extension, and (with the reason printed)
     * where it cannot be used.
     */
    public static Optional<StatementCounts> start(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            try (var preloaded = statement.executeQuery("SHOW shared_preload_libraries")) {
                preloaded.next();
                if (!preloaded.getString(1).contains("pg_stat_statements")) {
                    return Optional.empty();
                }
            }
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            statement.execute("SELECT pg_stat_statements_reset()");
            return Optional.of(new StatementCounts(dataSource));
        } catch (SQLException e) {
            System.out.println("BENCH   statements: not counted (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /** Lines for a benchmark's output: the totals per operation, the statements that ran most, and the costliest. */
    public List<String> summary(long operations, String operation) {
        var lines = new ArrayList<String>();
        try (Connection connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            try (var totals = statement.executeQuery(
                    "SELECT sum(calls), sum(total_exec_time) FROM pg_stat_statements")) {
                totals.next();
                long calls = totals.getLong(1);
                double millis = totals.getDouble(2);
                lines.add(String.format(Locale.ROOT, "statements (pg_stat_statements, every client): %,d, %.1f per %s;"
                                + " execution %.2f ms per %s", calls, (double) calls / operations, operation,
                        millis / operations, operation));
            }
            try (var top = statement.executeQuery("""
                    SELECT calls, total_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 110)
                    FROM pg_stat_statements ORDER BY calls DESC LIMIT %d""".formatted(TOP))) {
                while (top.next()) {
                    lines.add(String.format(Locale.ROOT, "  %5.2f per %s  %6.3f ms each  %s",
                            (double) top.getLong(1) / operations, operation, top.getDouble(2) / top.getLong(1),
                            top.getString(3)));
                }
            }
            // The few that took the most time, however seldom: a slow plan shows here, not among the frequent.
            lines.add("the statements that took the most execution time:");
            try (var slowest = statement.executeQuery("""
                    SELECT calls, total_exec_time, max_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 100)
                    FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 5""")) {
                while (slowest.next()) {
                    lines.add(String.format(Locale.ROOT, "  %8.1f ms per %s, %,d calls, slowest %,.1f ms  %s",
                            slowest.getDouble(2) / operations, operation, slowest.getLong(1), slowest.getDouble(3),
                            slowest.getString(4)));
                }
            }
        } catch (SQLException e) {
            lines.add("statements: not read (" + e.getMessage() + ")");
        }
        return lines;
    }
}
