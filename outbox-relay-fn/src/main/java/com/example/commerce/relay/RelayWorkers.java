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

    /**
     * Runs {@code drain} on every worker at once and returns the sum of what they returned. Returns only once every
     * worker has ended, also when one failed (its failure is thrown then, the first one if several failed): on
     * Lambda the sandbox freezes when the invocation returns, and a worker frozen in the middle of a pass would hold
     * its claimed rows' locks, and the aggregates behind them, until the sandbox thawed or died.
     */
    long runAll(LongSupplier drain) {
        if (pool == null) {
            return drain.getAsLong();
        }
        var others = new ArrayList<Future<Long>>();
        for (int i = 1; i < workers; i++) {
            others.add(pool.submit(drain::getAsLong));
        }
        long total = 0;
        RuntimeException failure = null;
        try {
            total += drain.getAsLong();
        } catch (RuntimeException e) {
            failure = e;
        }
        boolean interrupted = false;
        for (Future<Long> other : others) {
            while (true) {
                try {
                    total += other.get();
                    break;
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException(e.getCause());
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                    break;
                } catch (InterruptedException e) {
                    // Still wait: a pass ends within its time bound, and its transaction must end with it.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
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
