package com.example.commerce.relay;

import java.util.ArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * Runs {@code workers} drains at once in one relay process, each with its own passes (transactions and batches),
 * exactly as that many relay instances would: while one waits for the broker another claims or marks in the
 * database. The calling thread is one of them, so one worker needs no pool.
 */
final class RelayWorkers implements AutoCloseable {

    private final int workers;
    /** Runs the drains besides the caller's; null with a single worker. */
    private final ExecutorService pool;

    RelayWorkers(int workers) {
        this.workers = workers;
        this.pool = workers > 1 ? Executors.newFixedThreadPool(workers - 1, runnable -> {
            Thread thread = new Thread(runnable, "outbox-relay-worker");
            thread.setDaemon(true);
            return thread;
        }) : null;
    }

    /** Runs {@code drain} on every worker at once and returns the sum of what they returned. */
    long runAll(LongSupplier drain) {
        if (pool == null) {
            return drain.getAsLong();
        }
        var others = new ArrayList<Future<Long>>();
        for (int i = 1; i < workers; i++) {
            others.add(pool.submit(drain::getAsLong));
        }
        long total = drain.getAsLong();
        for (Future<Long> other : others) {
            try {
                total += other.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                others.forEach(f -> f.cancel(true));
                break;
            }
        }
        return total;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
