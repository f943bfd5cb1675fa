package com.example.commerce.api.auth;

import com.example.commerce.api.Api;
import com.example.commerce.api.ApiTestBase;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Low limits, so that a few requests from this test's address reach them. */
@MicronautTest(environments = "order-api", transactional = false)
@Property(name = "commerce.auth.attempts.login", value = "3")
@Property(name = "commerce.auth.attempts.signup", value = "2")
@Property(name = "commerce.auth.attempts.window", value = "1h")
class AttemptLimitTest extends ApiTestBase {

    @Test
    void signupAndLoginAttemptsPerAddressAreLimited() {
        String first = "lim-" + UUID.randomUUID().toString().substring(0, 8);
        String second = "lim-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(201, signup(first).status());
        assertEquals(201, signup(second).status());

        var refused = assertProblem(429, signup("lim-" + UUID.randomUUID().toString().substring(0, 8)));
        assertEquals("urn:commerce:problem:too-many-attempts", refused.get("type"));
        assertEquals("SIGNUP", context(refused).get("action"));
        long retryAfter = Long.parseLong(refused.headers().get("retry-after"));
        assertTrue(retryAfter > 0 && retryAfter <= 3600, () -> "Retry-After: " + retryAfter);
        assertEquals(2, api.count("SELECT count(*) FROM users WHERE username LIKE 'lim-%' AND username IN (?, ?)",
                first, second), "the refused sign-up created nothing");

        assertEquals(401, login(first, "wrong-password1").status());
        assertEquals(401, login(first, "wrong-password2").status());
        assertEquals(200, login(first, "secret123").status());
        var lockedOut = assertProblem(429, login(first, "secret123"));
        assertEquals("LOGIN", context(lockedOut).get("action"));
    }

    private Api.Answer signup(String username) {
        return api.send(HttpRequest.POST("/api/auth/signup", Map.of("username", username, "password", "secret123")));
    }

    private Api.Answer login(String username, String password) {
        return api.send(HttpRequest.POST("/login", Map.of("username", username, "password", password)));
    }
}
