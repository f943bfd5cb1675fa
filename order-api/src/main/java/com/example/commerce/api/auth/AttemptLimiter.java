package com.example.commerce.api.auth;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Fixed-window attempt counters per (action, client address). Memory is bounded: past
 * {@link AttemptLimits#trackedAddresses()} keys, expired windows are dropped, and if every window is still live
 * all counters start over. A flood of distinct addresses thus gets fresh windows: that is API Gateway
 * throttling's to catch.
 */
@Singleton
public class AttemptLimiter {

    /** An action whose attempts are limited. */
    public enum Action { LOGIN, SIGNUP }

    private record Key(Action action, String address) {
    }

    private record Window(long startMillis, int attempts) {
    }

    private final AttemptLimits limits;
    private final Clock clock;
    private final ConcurrentMap<Key, Window> windows = new ConcurrentHashMap<>();

    public AttemptLimiter(AttemptLimits limits) {
        this(limits, Clock.systemUTC());
    }

    AttemptLimiter(AttemptLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Counts one attempt.
     *
     * @return zero if the attempt is allowed, otherwise how long until the address may try again
     */
    public Duration attempt(Action action, String address) {
        long now = clock.millis();
        long windowMillis = limits.window().toMillis();
        if (windows.size() >= limits.trackedAddresses()) {
            windows.values().removeIf(w -> now - w.startMillis() >= windowMillis);
            if (windows.size() >= limits.trackedAddresses()) {
                windows.clear();
            }
        }
        Window window = windows.compute(new Key(action, address), (key, current) ->
                current == null || now - current.startMillis() >= windowMillis
                        ? new Window(now, 1) : new Window(current.startMillis(), current.attempts() + 1));
        if (window.attempts() <= max(action)) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.max(1, window.startMillis() + windowMillis - now));
    }

    public int max(Action action) {
        return action == Action.LOGIN ? limits.login() : limits.signup();
    }
}
