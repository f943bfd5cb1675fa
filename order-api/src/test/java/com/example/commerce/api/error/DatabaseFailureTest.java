package com.example.commerce.api.error;

import io.micronaut.data.exceptions.DataAccessException;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures mean "the database is unavailable, try again" (503) and which are the request's own (500). */
class DatabaseFailureTest {

    @Test
    void connectionFailuresAnywhereInTheChainAreUnavailability() {
        assertTrue(DatabaseFailure.isUnavailable(new DataAccessException("pool",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available"))));
        assertTrue(DatabaseFailure.isUnavailable(new DataAccessException("refused",
                new SQLException("Connection to 127.0.0.1:5432 refused", "08001"))));
        assertTrue(DatabaseFailure.isUnavailable(new DataAccessException("lost",
                new SQLException("An I/O error occurred while sending to the backend", "08006", new EOFException()))));
        assertTrue(DatabaseFailure.isUnavailable(new SQLException("unexpected postmaster exit", "57P01")));
        assertTrue(DatabaseFailure.isUnavailable(new SQLException("the database system is starting up", "57P03")));
        assertTrue(DatabaseFailure.isUnavailable(new SQLException("canceling statement due to statement timeout",
                "57014")));
        assertTrue(DatabaseFailure.isUnavailable(new RuntimeException("reset", new SQLException("Connection is closed"))));
        var masked = new RuntimeException("completion failed");
        masked.addSuppressed(new SQLException("An I/O error occurred", "08006"));
        assertTrue(DatabaseFailure.isUnavailable(masked));
    }

    @Test
    void theRequestsOwnFailuresAreNot() {
        assertFalse(DatabaseFailure.isUnavailable(new DataAccessException("duplicate",
                new SQLException("duplicate key value violates unique constraint", "23505"))));
        assertFalse(DatabaseFailure.isUnavailable(new DataAccessException("syntax",
                new SQLException("syntax error", "42601"))));
        assertFalse(DatabaseFailure.isUnavailable(new DataAccessException("no cause")));
        assertFalse(DatabaseFailure.isUnavailable(new SQLException("Connection is closed by the application")));
    }
}
