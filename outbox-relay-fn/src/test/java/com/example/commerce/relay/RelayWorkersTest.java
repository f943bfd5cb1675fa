package com.example.commerce.relay;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The relay's workers end together: no worker is left in the middle of a pass when the caller returns. */
class RelayWorkersTest {

    @Test
    void aFailedWorkerIsThrownOnlyOnceEveryOtherWorkerHasEnded() {
        var otherEnded = new AtomicBoolean();
        var release = new CountDownLatch(1);
        LongSupplier drain = () -> {
            if (Thread.currentThread().getName().equals("outbox-relay-worker")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                otherEnded.set(true);
                return 1;
            }
            // The caller's own pass fails while the other worker is still in its pass, which ends a little later.
            new Thread(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ignored) {
                    // ends the sleep early; the latch is released all the same
                }
                release.countDown();
            }).start();
            throw new IllegalStateException("the caller's pass failed");
        };
        try (var workers = new RelayWorkers(2)) {
            var thrown = assertThrows(IllegalStateException.class, () -> workers.runAll(drain));
            assertEquals("the caller's pass failed", thrown.getMessage());
            assertTrue(otherEnded.get(), "returned while another worker was still in its pass");
        }
    }

    @Test
    void theWorkersCountsAreAdded() {
        try (var workers = new RelayWorkers(3)) {
            assertEquals(6, workers.runAll(() -> 2));
        }
    }
}
