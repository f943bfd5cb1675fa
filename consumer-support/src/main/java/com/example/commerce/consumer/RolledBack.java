package com.example.commerce.consumer;

import io.micronaut.transaction.TransactionCallback;
import io.micronaut.transaction.TransactionOperations;

import java.sql.Connection;

/**
 * Runs work in a database transaction that is always rolled back: how a consumer function primes its hot path
 * before a SnapStart snapshot (the real statements, locks and triggers, and nothing kept). Sequences are the one
 * thing a rollback does not undo: an id drawn in the transaction is skipped, which no consumer relies on (ids only
 * have to grow). A NOTIFY sent in the transaction is never delivered (PostgreSQL delivers it at commit).
 */
public final class RolledBack {

    private RolledBack() {
    }

    /** What the work returned, carried out of the transaction by the exception that rolls it back. */
    private static final class Rollback extends RuntimeException {

        private final transient Object result;

        Rollback(Object result) {
            super("rolled back on purpose", null, false, false);
            this.result = result;
        }
    }

    /**
     * @return what {@code work} returned, after its transaction was rolled back
     * @throws IllegalStateException if called inside a transaction, which the work would join and could not roll
     *                               back on its own
     */
    @SuppressWarnings("unchecked")
    public static <R> R run(TransactionOperations<Connection> transactions, TransactionCallback<Connection, R> work) {
        if (transactions.findTransactionStatus().isPresent()) {
            throw new IllegalStateException("A rolled-back rehearsal must not run inside another transaction");
        }
        try {
            transactions.executeWrite(status -> {
                throw new Rollback(work.call(status));
            });
        } catch (Rollback done) {
            return (R) done.result;
        }
        throw new IllegalStateException("The transaction was not rolled back");
    }
}
