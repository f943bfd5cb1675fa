package com.example.commerce.api.auth;

import com.example.commerce.api.auth.AttemptLimiter.Action;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AttemptLimiterTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void attemptsBeyondTheLimitWaitForTheNextWindowPerActionAndAddress() {
        var limiter = new AttemptLimiter(new AttemptLimits(2, 1, Duration.ofMinutes(1), 100), clock);

        assertEquals(Duration.ZERO, limiter.attempt(Action.LOGIN, "10.0.0.1"));
        assertEquals(Duration.ZERO, limiter.attempt(Action.LOGIN, "10.0.0.1"));
        clock.advance(Duration.ofSeconds(20));
        assertEquals(Duration.ofSeconds(40), limiter.attempt(Action.LOGIN, "10.0.0.1"));
        assertEquals(Duration.ZERO, limiter.attempt(Action.LOGIN, "10.0.0.2"), "another address has its own count");
        assertEquals(Duration.ZERO, limiter.attempt(Action.SIGNUP, "10.0.0.1"), "another action has its own count");

        clock.advance(Duration.ofSeconds(40));
        assertEquals(Duration.ZERO, limiter.attempt(Action.LOGIN, "10.0.0.1"), "a new window starts afresh");
    }

    @Test
    void memoryStaysBoundedByDroppingExpiredWindowsFirst() {
        var limiter = new AttemptLimiter(new AttemptLimits(1, 1, Duration.ofMinutes(1), 3), clock);
        limiter.attempt(Action.LOGIN, "a");
        limiter.attempt(Action.LOGIN, "b");
        clock.advance(Duration.ofSeconds(30));
        limiter.attempt(Action.LOGIN, "c");
        clock.advance(Duration.ofSeconds(31));

        limiter.attempt(Action.LOGIN, "d");

        assertEquals(Duration.ofSeconds(29), limiter.attempt(Action.LOGIN, "c"), "c's live window survived the sweep");
    }
}
