package com.example.commerce.api.auth;

import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sign-up and log-in attempt limits ({@link AttemptLimits}), counted in PostgreSQL ({@link AttemptWindowRepository})
 * so that they hold across any number of instances. Expired windows are swept at most once per window by each
 * instance, so the table holds about one row per address and username seen in the last window.
 */
@Singleton
public class AttemptLimiter {

    /** An action whose attempts per client address are limited. */
    public enum Action { LOGIN, SIGNUP }

    private static final String LOGIN_FAILURE = "LOGIN_FAILURE:";
    private static final String LOGIN_FAILURE_FROM = "LOGIN_FAILURE_FROM:";
    /** attempt_windows.key's length. */
    private static final int MAX_KEY_LENGTH = 160;
    private static final int MAX_SUBJECT_LENGTH = 128;

    private final AttemptLimits limits;
    private final AttemptWindowRepository windows;
    private final AtomicLong lastSweepMillis = new AtomicLong();

    AttemptLimiter(AttemptLimits limits, AttemptWindowRepository windows) {
        this.limits = limits;
        this.windows = windows;
    }

    /**
     * Counts one attempt of {@code action} from {@code address}.
     *
     * @return zero if the attempt is allowed, otherwise how long until the address may try again
     */
    public Duration attempt(Action action, String address) {
        sweepOccasionally();
        String key = action.name() + ":" + subject(address);
        windows.count(key, seconds(limits.window()));
        return refusal(key, limits.window(), max(action));
    }

    /**
     * Whether {@code username} may try to log in from {@code address}. Once the username has had
     * {@code login-failures-per-username} failed log-ins in its window, from any addresses, the addresses that
     * failed on it are refused until a window ends; an address that has not failed on it may still try. So guessing
     * one account's password from many addresses costs an address per guess, and no one can lock the account's owner
     * out by failing on purpose, from one address or many.
     *
     * @return zero if the attempt is allowed, otherwise how long until it may be
     */
    public Duration loginLockout(String username, String address) {
        Optional<AttemptWindow> failedHere = windows.findLive(failureFrom(username, address),
                seconds(limits.usernameWindow()));
        if (failedHere.isEmpty()) {
            return Duration.ZERO;
        }
        Duration locked = refusal(LOGIN_FAILURE + subject(username), limits.usernameWindow(),
                limits.loginFailuresPerUsername() - 1);
        if (locked.isZero()) {
            return locked;
        }
        // Allowed again as soon as either window ends: this address's failures, or the username's.
        Duration ownEnds = Duration.between(Instant.now(), failedHere.get().windowStart().plus(limits.usernameWindow()));
        Duration shorter = ownEnds.compareTo(locked) < 0 ? ownEnds : locked;
        return shorter.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : shorter;
    }

    /** Counts a failed log-in against {@code username}, and against it from {@code address}. */
    public void loginFailed(String username, String address) {
        windows.count(LOGIN_FAILURE + subject(username), seconds(limits.usernameWindow()));
        windows.count(failureFrom(username, address), seconds(limits.usernameWindow()));
    }

    private static String failureFrom(String username, String address) {
        String key = LOGIN_FAILURE_FROM + subject(address) + ":" + subject(username);
        return key.length() > MAX_KEY_LENGTH ? key.substring(0, MAX_KEY_LENGTH) : key;
    }

    public int max(Action action) {
        return action == Action.LOGIN ? limits.login() : limits.signup();
    }

    public int maxLoginFailuresPerUsername() {
        return limits.loginFailuresPerUsername();
    }

    /** Zero while the key's live window holds at most {@code allowed} attempts; else the time until it ends. */
    private Duration refusal(String key, Duration window, int allowed) {
        return windows.findLive(key, seconds(window))
                .filter(w -> w.attempts() > allowed)
                .map(w -> Duration.between(Instant.now(), w.windowStart().plus(window)))
                .map(left -> left.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : left)
                .orElse(Duration.ZERO);
    }

    private void sweepOccasionally() {
        long now = System.currentTimeMillis();
        long last = lastSweepMillis.get();
        if (now - last >= limits.window().toMillis() && lastSweepMillis.compareAndSet(last, now)) {
            Duration longest = limits.window().compareTo(limits.usernameWindow()) > 0 ? limits.window()
                    : limits.usernameWindow();
            windows.deleteExpired(seconds(longest));
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    /** Usernames are unique without regard to case, so their counts are too. */
    private static String subject(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.length() > MAX_SUBJECT_LENGTH ? lower.substring(0, MAX_SUBJECT_LENGTH) : lower;
    }
}
