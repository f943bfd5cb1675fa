package com.example.commerce.api.auth;

import com.example.commerce.api.auth.AttemptLimiter.Action;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The limiter's counts against the real PostgreSQL, as several API instances would share them. */
@MicronautTest(environments = "order-api", transactional = false)
class AttemptLimiterTest {

    private static final AttemptLimits LIMITS = new AttemptLimits(2, 1, Duration.ofMinutes(1), 2, Duration.ofMinutes(5));

    @Inject
    AttemptWindowRepository windows;

    @Inject
    DataSource dataSource;

    @BeforeEach
    void freshCounters() {
        execute("DELETE FROM attempt_windows");
    }

    @Test
    void twoInstancesOnOneDatabaseShareTheCount() {
        var first = new AttemptLimiter(LIMITS, windows);
        var second = new AttemptLimiter(LIMITS, windows);

        assertEquals(Duration.ZERO, first.attempt(Action.LOGIN, "10.0.0.1"));
        assertEquals(Duration.ZERO, second.attempt(Action.LOGIN, "10.0.0.1"));
        Duration refused = first.attempt(Action.LOGIN, "10.0.0.1");
        assertTrue(refused.compareTo(Duration.ZERO) > 0 && refused.compareTo(Duration.ofMinutes(1)) <= 0,
                () -> "retry after " + refused);
        assertTrue(second.attempt(Action.LOGIN, "10.0.0.1").compareTo(Duration.ZERO) > 0);

        assertEquals(Duration.ZERO, second.attempt(Action.LOGIN, "10.0.0.2"), "another address has its own count");
        assertEquals(Duration.ZERO, second.attempt(Action.SIGNUP, "10.0.0.1"), "another action has its own count");

        first.loginFailed("Victim", "10.0.0.7");
        second.loginFailed("victim", "10.0.0.8");
        assertTrue(first.loginLockout("VICTIM", "10.0.0.7").compareTo(Duration.ZERO) > 0,
                "failures are shared per username");
        assertTrue(second.loginLockout("victim", "10.0.0.8").compareTo(Duration.ZERO) > 0);
        assertEquals(Duration.ZERO, first.loginLockout("victim", "10.0.0.9"), "an address that has not failed on it");
        assertEquals(Duration.ZERO, first.loginLockout("someone-else", "10.0.0.7"));
    }

    /** An IPv6 client is counted by its /64 network, which one subscriber usually holds whole. */
    @Test
    void anIpv6ClientIsCountedByItsNetwork() {
        var limiter = new AttemptLimiter(LIMITS, windows);
        assertEquals(Duration.ZERO, limiter.attempt(Action.LOGIN, "2001:db8:1:2::1"));
        assertEquals(Duration.ZERO, limiter.attempt(Action.LOGIN, "2001:0db8:0001:0002:ffff:eeee:dddd:cccc"));
        assertTrue(limiter.attempt(Action.LOGIN, "2001:db8:1:2:abcd::9").compareTo(Duration.ZERO) > 0,
                "a third address of the same /64 is the same client");
        assertEquals(Duration.ZERO, limiter.attempt(Action.LOGIN, "2001:db8:1:3::1"), "another /64");
        assertEquals("2001:db8:1:2::/64", AttemptLimiter.client("2001:DB8:1:2::7"));
        assertEquals("203.0.113.9", AttemptLimiter.client("203.0.113.9"));
        assertEquals("::ffff:203.0.113.9", AttemptLimiter.client("::ffff:203.0.113.9"), "an IPv4 client as itself");
        assertEquals("unknown", AttemptLimiter.client("unknown"));
    }

    @Test
    void aWindowThatHasEndedStartsAfreshAndIsSweptLater() {
        var limiter = new AttemptLimiter(LIMITS, windows);
        limiter.attempt(Action.SIGNUP, "10.0.0.3");
        assertTrue(limiter.attempt(Action.SIGNUP, "10.0.0.3").compareTo(Duration.ZERO) > 0);

        execute("UPDATE attempt_windows SET window_start = window_start - interval '61 seconds'");
        assertEquals(Duration.ZERO, limiter.attempt(Action.SIGNUP, "10.0.0.3"), "a new window starts afresh");

        execute("UPDATE attempt_windows SET window_start = window_start - interval '6 minutes'");
        assertEquals(1, windows.deleteExpired(300));
        assertEquals(0, windows.deleteExpired(300));
    }

    private void execute(String sql) {
        try (Connection connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
