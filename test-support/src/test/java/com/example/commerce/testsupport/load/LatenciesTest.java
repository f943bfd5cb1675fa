package com.example.commerce.testsupport.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatenciesTest {

    @Test
    void percentilesOfKnownLatencies() {
        var latencies = new Latencies("known");
        for (int millis = 1; millis <= 1_000; millis++) {
            latencies.recordNanos(millis * 1_000_000L);
        }

        assertEquals(1_000, latencies.count());
        assertEquals(500, latencies.millisAt(50), 0.5); // 3 significant digits
        assertEquals(990, latencies.millisAt(99), 1);
        assertEquals(1_000, latencies.maxMillis(), 1);
        assertTrue(latencies.summary(995).endsWith("ceiling p99 995 ms: met"), latencies.summary(995));
        assertTrue(latencies.summary(900).endsWith("ceiling p99 900 ms: MISSED"), latencies.summary(900));
    }

    @Test
    void aStallShowsInEveryOperationItDelayed() {
        var latencies = new Latencies("stall");
        // Ten operations due 1 ms apart, all answered at once 100 ms after the first was due.
        long first = 0;
        long answered = 100_000_000L;
        for (int i = 0; i < 10; i++) {
            latencies.recordNanos(answered - (first + i * 1_000_000L));
        }

        assertEquals(91, latencies.millisAt(0), 0.1);
        assertEquals(100, latencies.maxMillis(), 0.1);
    }

    @Test
    void nothingRecordedReadsAsZero() {
        var latencies = new Latencies("empty");
        assertEquals(0, latencies.count());
        assertEquals(0, latencies.millisAt(99));
        assertEquals(0, latencies.maxMillis());
    }
}
