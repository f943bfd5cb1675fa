package com.example.commerce.api.auth;

import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

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
    /** What an IPv6 literal may be made of (an embedded IPv4 part included); anything else is never parsed. */
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

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
        String key = action.name() + ":" + client(address);
        windows.count(key, seconds(limits.window()));
        return refusal(key, limits.window(), max(action));
    }

    /**
     * Whether {@code username} may try to log in from {@code address}. Once the username has had
     * {@code login-failures-per-username} failed log-ins in its window, from any addresses, the addresses that
     * failed on it are refused until a window ends; an address that has not failed on it may still try. So guessing
     * one account's password from many addresses costs an address per guess, and failing on purpose does not lock
     * the owner out from an address they have not failed from (it did when the whole username was refused).
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
        String key = LOGIN_FAILURE_FROM + client(address) + ":" + subject(username);
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

    /**
     * Whom an address's attempts are counted against: an IPv4 address itself, an IPv6 address's /64 network. One
     * subscriber usually has a whole /64 and may use any address in it, so counting per IPv6 address would give a
     * client as many allowances as it has addresses.
     */
    static String client(String address) {
        if (address.indexOf(':') < 0 || !IPV6_LITERAL.matcher(address).matches()) {
            return subject(address);
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress(); // a literal: no name is looked up
            if (bytes.length != 16) {
                return subject(address); // an IPv4 address written as IPv6 (::ffff:a.b.c.d) is itself
            }
            var network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
            }
            return network.append(":/64").toString();
        } catch (UnknownHostException e) {
            return subject(address);
        }
    }

    /** Usernames are unique without regard to case, so their counts are too. */
    private static String subject(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.length() > MAX_SUBJECT_LENGTH ? lower.substring(0, MAX_SUBJECT_LENGTH) : lower;
    }
}
