package com.example.commerce.api.auth;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.testsupport.ApiClient;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Low limits, so that a few requests from this test's address (127.0.0.1, no trusted proxy) reach them. The
 * counters live in PostgreSQL, shared with every other test of the build: each test starts them afresh.
 */
@MicronautTest(environments = "order-api", transactional = false)
@Property(name = "commerce.auth.attempts.login", value = "3")
@Property(name = "commerce.auth.attempts.signup", value = "2")
@Property(name = "commerce.auth.attempts.window", value = "1h")
class AttemptLimitTest extends ApiTestBase {

    @BeforeEach
    void freshCounters() {
        sql.execute("DELETE FROM attempt_windows");
    }

    @Test
    void signupAndLoginAttemptsPerAddressAreLimited() {
        String first = newName();
        String second = newName();
        assertEquals(201, signup("/api/auth/signup", first).status());
        assertEquals(201, signup("/api/auth/signup", second).status());

        var refused = assertProblem(429, signup("/api/auth/signup", newName()));
        assertEquals("urn:commerce:problem:too-many-attempts", refused.get("type"));
        assertEquals("SIGNUP", context(refused).get("action"));
        long retryAfter = Long.parseLong(refused.headers().get("retry-after"));
        assertTrue(retryAfter > 0 && retryAfter <= 3600, () -> "Retry-After: " + retryAfter);
        assertEquals(2, sql.count("SELECT count(*) FROM users WHERE username LIKE 'lim-%' AND username IN (?, ?)",
                first, second), "the refused sign-up created nothing");

        assertEquals(401, login("/login", first, "wrong-password1").status());
        assertEquals(401, login("/login", first, "wrong-password2").status());
        assertEquals(200, login("/login", first, "secret123").status());
        var lockedOut = assertProblem(429, login("/login", first, "secret123"));
        assertEquals("LOGIN", context(lockedOut).get("action"));
    }

    /** The router matches /login/ as /login: so does every filter that guards it. */
    @Test
    void aTrailingSlashIsTheSameRouteAndTheSameCount() {
        String name = newName();
        assertEquals(201, signup("/api/auth/signup/", name).status());
        assertEquals(201, signup("/api/auth/signup", newName()).status());
        assertProblem(429, signup("/api/auth/signup/", newName()));
        assertProblem(429, signup("/api/auth/signup", newName()));

        assertEquals(401, login("/login/", name, "wrong-password1").status());
        assertEquals(401, login("/login", name, "wrong-password2").status());
        assertEquals(200, login("/login/", name, "secret123").status());
        assertProblem(429, login("/login/", name, "secret123"));
        assertProblem(429, login("/login", name, "secret123"));

        sql.execute("DELETE FROM attempt_windows");
        var plainText = HttpRequest.POST("/login/", "username=" + name).contentType(MediaType.TEXT_PLAIN_TYPE);
        assertProblem(415, api.send(plainText));
    }

    /** With no trusted proxy configured, a forwarding header is the client's own text and changes nothing. */
    @Test
    void forgedForwardingHeadersDoNotMakeANewClient() {
        String name = newName();
        assertEquals(201, signup("/api/auth/signup", name).status());
        for (int i = 0; i < 3; i++) {
            assertEquals(401, login("/login", name, "wrong-password" + i).status());
        }
        for (int i = 1; i <= 10; i++) {
            var forged = loginRequest("/login", name, "secret123")
                    .header("X-Forwarded-For", "198.51.100." + i)
                    .header("Forwarded", "for=203.0.113." + i)
                    .header("X-Real-IP", "192.0.2." + i);
            assertProblem(429, api.send(forged));
        }
        assertEquals(1, sql.count("SELECT count(*) FROM attempt_windows WHERE key LIKE 'LOGIN:%'"),
                "every forged request was counted against the one real address");
    }

    private ApiClient.Answer signup(String path, String username) {
        return api.send(HttpRequest.POST(path, Map.of("username", username, "password", "secret123")));
    }

    private ApiClient.Answer login(String path, String username, String password) {
        return api.send(loginRequest(path, username, password));
    }

    private static MutableHttpRequest<?> loginRequest(String path, String username, String password) {
        return HttpRequest.POST(path, Map.of("username", username, "password", password));
    }

    private static String newName() {
        return "lim-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
