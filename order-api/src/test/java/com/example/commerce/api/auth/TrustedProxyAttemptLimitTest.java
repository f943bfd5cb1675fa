package com.example.commerce.api.auth;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.testsupport.ApiClient;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Behind a trusted load balancer (here: the test's own loopback connection) the client is the right-most address
 * of X-Forwarded-For that is not a trusted proxy; what a client writes further left is ignored. Failed log-ins are
 * also counted per username, however many addresses they come from; past the limit, the addresses that failed on it
 * are refused.
 */
@MicronautTest(environments = "order-api", transactional = false)
@Property(name = "commerce.http.trusted-proxies", value = "127.0.0.0/8,::1,10.0.0.0/8")
@Property(name = "commerce.auth.attempts.login", value = "2")
@Property(name = "commerce.auth.attempts.login-failures-per-username", value = "3")
@Property(name = "commerce.auth.attempts.window", value = "1h")
@Property(name = "commerce.auth.attempts.username-window", value = "1h")
class TrustedProxyAttemptLimitTest extends ApiTestBase {

    @BeforeEach
    void freshCounters() {
        sql.execute("DELETE FROM attempt_windows");
    }

    @Test
    void theClientIsTheRightMostUntrustedAddress() {
        String name = signedUp();
        // The client forges a different left-most entry each time; the balancer (10.1.2.3, trusted) appends the
        // address it saw, 203.0.113.5.
        assertEquals(401, login(name, "wrong-password1", "6.6.6.1, 203.0.113.5, 10.1.2.3").status());
        assertEquals(401, login(name, "wrong-password2", "6.6.6.2, 203.0.113.5, 10.1.2.3").status());
        var refused = assertProblem(429, login(name, "secret123", "6.6.6.3, 203.0.113.5, 10.1.2.3"));
        assertEquals("LOGIN", context(refused).get("action"));

        assertEquals(200, login(name, "secret123", "203.0.113.6").status(), "another client is not affected");
    }

    @Test
    void failedLogInsAreLimitedPerUsernameAcrossAddressesWithoutLockingItsOwnerOut() {
        String victim = signedUp();
        String other = signedUp();
        for (int i = 1; i <= 3; i++) {
            assertEquals(401, login(victim, "wrong-password" + i, "198.51.100." + i).status());
        }

        // Past the limit, every address that failed on the username is refused, whatever it sends now.
        for (int i = 1; i <= 3; i++) {
            var refused = assertProblem(429, login(victim, "secret123", "198.51.100." + i));
            assertEquals("username", context(refused).get("scope"));
            assertEquals(3, ((Number) context(refused).get("limit")).intValue());
        }
        // An address that has not failed on it gets one try: a guess costs an address, and the owner gets in.
        // (Two attempts per address at most: the per-address limit here is 2.)
        assertEquals(401, login(victim, "wrong-password4", "198.51.100.4").status());
        assertEquals("username", context(assertProblem(429, login(victim, "secret123", "198.51.100.4"))).get("scope"));
        assertEquals(401, login(victim, "wrong-password5", "198.51.100.6").status());
        assertEquals("username", context(assertProblem(429, login(victim.toUpperCase(), "secret123", "198.51.100.6")))
                .get("scope"), "usernames are counted without regard to case, like they are unique");
        assertEquals(200, login(victim, "secret123", "198.51.100.5").status(), "the owner is not locked out");
        assertEquals(200, login(other, "secret123", "198.51.100.7").status(), "another account is not affected");
    }

    private String signedUp() {
        String name = "tp-" + UUID.randomUUID().toString().substring(0, 8);
        var answer = api.send(HttpRequest.POST("/api/auth/signup", Map.of("username", name, "password", "secret123"))
                .header("X-Forwarded-For", "192.0.2." + (1 + (int) (Math.random() * 250))));
        assertEquals(201, answer.status(), answer::toString);
        return name;
    }

    private ApiClient.Answer login(String username, String password, String forwardedFor) {
        return api.send(HttpRequest.POST("/login", Map.of("username", username, "password", password))
                .header("X-Forwarded-For", forwardedFor));
    }
}
