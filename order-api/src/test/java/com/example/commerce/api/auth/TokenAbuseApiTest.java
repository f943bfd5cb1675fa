package com.example.commerce.api.auth;

import com.example.commerce.api.ApiTestBase;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Tokens that must not work: unsigned, re-signed claims, and tokens that outlived their account or role. */
@MicronautTest(environments = "order-api", transactional = false)
class TokenAbuseApiTest extends ApiTestBase {

    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private static String part(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private record Account(long id, String username, String token) {
    }

    private Account newAccount() {
        String username = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        var signup = api.send(HttpRequest.POST("/api/auth/signup", Map.of("username", username, "password", "secret123")));
        assertEquals(201, signup.status(), signup::toString);
        return new Account(signup.id(), username, api.login(username, "secret123"));
    }

    @Test
    void anUnsignedTokenIsRefusedWhateverItClaims() {
        long exp = Instant.now().plusSeconds(600).getEpochSecond();
        String claims = "{\"sub\":\"admin\",\"roles\":[\"ADMIN\"],\"uid\":1,\"exp\":" + exp + "}";
        for (String header : List.of("{\"alg\":\"none\",\"typ\":\"JWT\"}", "{\"alg\":\"None\"}", "{\"alg\":\"\"}")) {
            String unsigned = part(header) + "." + part(claims) + ".";

            assertProblem(401, api.send(HttpRequest.GET("/api/admin/outbox/parked"), unsigned));
            assertProblem(401, api.send(HttpRequest.GET("/api/orders"), unsigned));
        }
    }

    /**
     * Bearer tokens are the only credentials a route takes: HTTP Basic with a correct password is no way around the
     * log-in's per-address limit, and costs no password check (every request would otherwise be a log-in attempt).
     */
    @Test
    void basicCredentialsAreNoCredentialsEvenWhenCorrect() {
        Account user = newAccount();
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (user.username() + ":secret123").getBytes(StandardCharsets.UTF_8));
        String logIns = "SELECT count(*) FROM outbox WHERE event_type = 'USER_LOGGED_IN' AND aggregate_id = ?";
        long logInsBefore = sql.count(logIns, String.valueOf(user.id()));

        for (String path : List.of("/api/orders", "/api/orders/", "/api/notifications")) {
            assertProblem(401, api.send(HttpRequest.GET(path).header("Authorization", basic)));
        }
        // An anonymous route answers as it would without the header.
        assertEquals(200, api.send(HttpRequest.GET("/api/products").header("Authorization", basic)).status());
        assertEquals(logInsBefore, sql.count(logIns, String.valueOf(user.id())), "a Basic credential counted as a log-in");
    }

    @Test
    void claimsEditedToAdminBreakTheSignature() {
        Account user = newAccount();
        String[] parts = user.token().split("\\.");
        String escalated = payload(user.token()).replace("\"USER\"", "\"ADMIN\"");

        String forged = parts[0] + "." + part(escalated) + "." + parts[2];

        assertProblem(401, api.send(HttpRequest.GET("/api/admin/outbox/parked"), forged));
        String otherUser = payload(user.token()).replace("\"uid\":" + user.id(), "\"uid\":1");
        assertProblem(401, api.send(HttpRequest.GET("/api/orders"), parts[0] + "." + part(otherUser) + "." + parts[2]));
    }

    @Test
    void aRoleInTheSignupBodyIsIgnored() {
        String username = "sec-" + UUID.randomUUID().toString().substring(0, 8);
        var signup = api.send(HttpRequest.POST("/api/auth/signup",
                Map.of("username", username, "password", "secret123", "role", "ADMIN")));

        assertEquals(201, signup.status(), signup::toString);
        assertEquals("USER", signup.get("role"));
        assertEquals(1, sql.count("SELECT count(*) FROM users WHERE username = ? AND role = 'USER'", username));
        assertProblem(403, api.send(HttpRequest.GET("/api/admin/outbox/parked"), api.login(username, "secret123")));
    }

    @Test
    void aDeletedUsersTokenIsUnauthorizedEverywhere() {
        Account deleted = newAccount();
        sql.execute("DELETE FROM users WHERE id = ?", deleted.id());

        var read = assertProblem(401, api.send(HttpRequest.GET("/api/orders"), deleted.token()));
        assertEquals("urn:commerce:problem:account-deleted", read.get("type"));
        assertProblem(401, api.send(HttpRequest.POST("/api/orders",
                Map.of("items", List.of(Map.of("productId", 1, "quantity", 1)))), deleted.token()));
        assertProblem(401, api.send(HttpRequest.POST("/api/products/1/like", Map.of()), deleted.token()));
        assertEquals(0, sql.count("SELECT count(*) FROM orders WHERE user_id = ?", deleted.id()));
    }

    @Test
    void aDemotedAdministratorLosesAdminRightsAtOnce() {
        Account admin = newAccount();
        sql.execute("UPDATE users SET role = 'ADMIN' WHERE id = ?", admin.id());
        String adminToken = api.login(admin.username(), "secret123");
        assertEquals(200, api.send(HttpRequest.GET("/api/admin/outbox/parked"), adminToken).status());

        sql.execute("UPDATE users SET role = 'USER' WHERE id = ?", admin.id());

        var stale = assertProblem(401, api.send(HttpRequest.GET("/api/admin/outbox/parked"), adminToken));
        assertEquals("urn:commerce:problem:stale-token", stale.get("type"));
        String fresh = api.login(admin.username(), "secret123");
        assertProblem(403, api.send(HttpRequest.GET("/api/admin/outbox/parked"), fresh));
        assertEquals(200, api.send(HttpRequest.GET("/api/orders"), fresh).status());
    }
}
