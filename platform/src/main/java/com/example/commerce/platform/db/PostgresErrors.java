package com.example.commerce.platform.db;

import java.sql.SQLException;

/** Recognises PostgreSQL errors that callers turn into answers rather than failures. */
public final class PostgresErrors {

    private static final String UNIQUE_VIOLATION = "23505";

    private PostgresErrors() {
    }

    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
