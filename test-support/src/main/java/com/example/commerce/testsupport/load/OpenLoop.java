package com.example.commerce.testsupport.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * An open workload: operation {@code i} is due at {@code start + i / rate} and is started at that instant whether or
 * not earlier ones have finished, as independent users would (a closed loop waits for each answer and so sends
 * less exactly when the system is slow, hiding the queueing). Each operation gets its due instant to measure from.
 */
public final class OpenLoop {

    /** One operation of the workload, started at its due instant; its future completes when it is done. */
    @FunctionalInterface
    public interface Operation {
        CompletableFuture<?> start(int index, long dueNanos);
    }

    /**
     * What the sender itself managed: how many operations it started, and how late the latest start was (a sender
     * that cannot keep its schedule is a bad load generator; the latencies from due include that lateness anyway).
     */
    public record Schedule(int started, Duration latestStart, Duration elapsed) {
    }

    private OpenLoop() {
    }

    /**
     * Runs {@code count} operations at {@code ratePerSecond}, then waits up to {@code drainTimeout} for the last
     * of them to finish (operations still running then are left to their own time-outs).
     */
    public static Schedule run(int ratePerSecond, int count, Duration drainTimeout, Operation operation) {
        return run(ratePerSecond, count, drainTimeout, operation, () -> ProgressReporter.UNKNOWN,
                () -> ProgressReporter.UNKNOWN);
    }

    /**
     * As {@link #run(int, int, Duration, Operation)}, with a progress line every 10 s ({@link ProgressReporter}):
     * operations started, those finished without failure, and the caller's outbox backlog and consumer lag.
     */
    public static Schedule run(int ratePerSecond, int count, Duration drainTimeout, Operation operation,
                               LongSupplier backlog, LongSupplier lag) {
        var started = new AtomicLong();
        var accepted = new AtomicLong();
        try (var progress = ProgressReporter.start("open loop " + ratePerSecond + "/s",
                () -> new ProgressReporter.Figures(started.get(), accepted.get(), backlog.getAsLong(),
                        lag.getAsLong()))) {
            return schedule(ratePerSecond, count, drainTimeout, (i, due) -> {
                started.incrementAndGet();
                return operation.start(i, due).thenRun(accepted::incrementAndGet);
            });
        }
    }

    private static Schedule schedule(int ratePerSecond, int count, Duration drainTimeout, Operation operation) {
        long interval = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime() + interval;
        long latest = 0;
        var running = new ArrayList<CompletableFuture<?>>(count);
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            latest = Math.max(latest, System.nanoTime() - due);
            CompletableFuture<?> started;
            try {
                started = operation.start(i, due);
            } catch (RuntimeException e) {
                started = CompletableFuture.failedFuture(e);
            }
            running.add(started);
        }
        long elapsed = System.nanoTime() - start;
        try {
            CompletableFuture.allOf(running.stream().map(f -> f.exceptionally(e -> null))
                            .toArray(CompletableFuture[]::new))
                    .get(drainTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Reported by the caller as operations that never finished.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
        return new Schedule(count, Duration.ofNanos(latest), Duration.ofNanos(elapsed));
    }
}
