package com.example.commerce.api.error;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells a failure of the database itself (unreachable, restarting, connection lost, statement cancelled by its
 * time-out) from a failure of the request: the first is worth a retry, the second is not.
 */
final class DatabaseFailure {

    /**
     * SQLStates besides class 08 (connection exception) that mean the server, not the statement, failed: shut
     * down by an administrator or a crash, starting up or in recovery, out of connections, statement time-out.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300", "57014");

    private DatabaseFailure() {
    }

    /**
     * HikariCP's message (without SQLState) when a connection it has already closed is used: it closes a
     * connection as soon as the connection is found broken, and the data layer then fails resetting it.
     */
    private static final String POOL_CLOSED_CONNECTION = "Connection is closed";

    /** Whether anything in the cause chain (or what it suppressed) says the database is unavailable. */
    static boolean isUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (saysUnavailable(cause)) {
                return true;
            }
            for (Throwable suppressed : cause.getSuppressed()) {
                if (isUnavailable(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean saysUnavailable(Throwable cause) {
        // The pool's time-out waiting for a connection, whatever the last attempt's SQLState was.
        if (cause instanceof SQLTransientConnectionException) {
            return true;
        }
        if (cause instanceof SQLException sql) {
            String state = sql.getSQLState();
            return state == null ? POOL_CLOSED_CONNECTION.equals(sql.getMessage())
                    : state.startsWith("08") || UNAVAILABLE_STATES.contains(state);
        }
        // The driver's socket failed before it could name a state.
        return cause instanceof IOException;
    }
}
