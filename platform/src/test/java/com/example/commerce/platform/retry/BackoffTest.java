package com.example.commerce.platform.retry;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    @Test
    void doublesPerAttemptWithinJitterAndNeverPassesTheCap() {
        Duration base = Duration.ofMillis(100);
        Duration max = Duration.ofSeconds(10);
        for (int i = 0; i < 1_000; i++) {
            long first = Backoff.after(1, base, max).toMillis();
            long third = Backoff.after(3, base, max).toMillis();
            assertTrue(first >= 50 && first <= 150, "first: " + first);
            assertTrue(third >= 200 && third <= 600, "third: " + third);
            assertTrue(Backoff.after(1_000, base, max).toMillis() <= max.toMillis());
            assertTrue(Backoff.after(40, base, max).toMillis() >= max.toMillis() / 2, "no overflow to zero");
        }
    }
}
