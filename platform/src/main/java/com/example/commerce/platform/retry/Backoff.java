package com.example.commerce.platform.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with ±50% jitter, so that many failing workers do not retry in lock-step. */
public final class Backoff {

    private Backoff() {
    }

    /** The pause after the {@code attempt}-th failure (1-based): base · 2^(attempt-1), capped at max, jittered. */
    public static Duration after(int attempt, Duration base, Duration max) {
        long exponential = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        long capped = Math.min(max.toMillis(), exponential <= 0 ? max.toMillis() : exponential);
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis(Math.min(max.toMillis(), Math.round(capped * jitter)));
    }
}
