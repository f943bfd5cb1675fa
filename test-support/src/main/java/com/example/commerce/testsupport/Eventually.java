package com.example.commerce.testsupport;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** Waiting for an outcome that the servers reach asynchronously (a consumer, the relay, the index). */
public final class Eventually {

    /** Long enough for a cold broker or index on a busy build machine. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private Eventually() {
    }

    /** A check that may read from a server. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Returns once {@code condition} holds; fails the test after {@link #PATIENCE}. */
    public static void await(String what, Condition condition) throws Exception {
        await(what, PATIENCE, condition);
    }

    /** Returns once {@code condition} holds; fails the test after {@code patience}. */
    public static void await(String what, Duration patience, Condition condition) throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() - deadline >= 0) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(INTERVAL.toMillis());
        }
    }

    /**
     * Reads every {@code interval} until {@code done} holds for what was read or {@code patience} ran out, and
     * returns the last value read: the caller asserts on it, with the message that fits.
     */
    public static <T> T lastRead(Duration patience, Duration interval, Callable<T> read, Predicate<? super T> done)
            throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        T value = read.call();
        while (!done.test(value) && System.nanoTime() - deadline < 0) {
            Thread.sleep(interval.toMillis());
            value = read.call();
        }
        return value;
    }

    /** Sleeps; an interrupt ends the sleep early and stays set for the caller to see. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
