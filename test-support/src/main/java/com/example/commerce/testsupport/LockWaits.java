package com.example.commerce.testsupport;

import java.time.Duration;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seeing, from outside, that a piece of work is blocked on a lock another transaction of the test holds. */
public final class LockWaits {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private LockWaits() {
    }

    /**
     * Returns once a session of this database waits for a lock and matches {@code sessionCondition} (SQL over
     * {@code pg_stat_activity}, e.g. {@code wait_event = 'advisory'}). Fails if {@code work} finished first, which
     * means it did not wait, or if no session waits within 30 seconds.
     */
    public static void awaitBlocked(Sql sql, String sessionCondition, Future<?> work, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (sql.count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock' AND " + sessionCondition) == 0) {
            assertFalse(work.isDone(), what + " did not wait for the lock");
            assertTrue(System.nanoTime() - deadline < 0, what + " never reached the lock");
            Thread.sleep(20);
        }
    }
}
