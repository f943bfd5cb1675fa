package com.example.commerce.consumer;

import com.example.commerce.contract.UnprocessableEventException;

import io.micronaut.core.annotation.Nullable;

import java.sql.SQLException;

/**
 * Tells a record that can never be applied (poison: dead-letter it and move on) from a failure that may pass
 * (retry it, never skip it). Permanent: an {@link UnprocessableEventException}, or a database error of SQLState
 * class 22 (data exception, e.g. a counter out of range) or 23 (integrity violation), which the same statement
 * would meet again on every retry. A unique violation of the processed-events key is the one exception: it means
 * another delivery of the same event committed first, and a retry finds its mark. Everything else (connection
 * lost, serialization failure, deadlock, time-outs, a broker or Elasticsearch down) is transient.
 */
public final class PoisonRecords {

    private static final String IDEMPOTENCY_KEY = "processed_events_pkey";

    private PoisonRecords() {
    }

    /** @return why the record can never be applied, or null if the failure is transient */
    @Nullable
    public static String permanentCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnprocessableEventException unprocessable) {
                return unprocessable.getMessage();
            }
            if (t instanceof SQLException sql && isPermanent(sql)) {
                return "SQLState " + sql.getSQLState() + ": " + sql.getMessage();
            }
        }
        return null;
    }

    private static boolean isPermanent(SQLException sql) {
        String state = sql.getSQLState();
        if (state == null) {
            return false;
        }
        if (state.startsWith("22")) {
            return true;
        }
        // The driver names the constraint in the message whatever the server's language.
        return state.startsWith("23")
                && !("23505".equals(state) && String.valueOf(sql.getMessage()).contains(IDEMPOTENCY_KEY));
    }
}
