package com.example.commerce.api.auth;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.testsupport.ApiClient;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.security.token.jwt.generator.JwtTokenGenerator;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(environments = "order-api", transactional = false)
class AuthApiTest extends ApiTestBase {

    @Inject
    JwtTokenGenerator tokens;

    private static String newName() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void signupCreatesAUserWhoCanLogIn() {
        String name = newName();

        var signup = api.send(HttpRequest.POST("/api/auth/signup", Map.of("username", name, "password", "secret123")));

        assertEquals(201, signup.status(), signup::toString);
        assertEquals(name, signup.get("username"));
        assertEquals("USER", signup.get("role"));
        assertFalse(signup.body().containsKey("password"), "never echoes the password");
        assertTrue(sql.count("SELECT count(*) FROM users WHERE username = ? AND password_hash LIKE '$2%'", name) == 1,
                "stored as a BCrypt hash");
        String token = api.login(name, "secret123");
        assertNotNull(token);
        assertEquals(200, api.send(HttpRequest.GET("/api/orders"), token).status());
    }

    @Test
    void aTakenUsernameIsAConflictWhateverItsCase() {
        String name = newName();
        api.send(HttpRequest.POST("/api/auth/signup", Map.of("username", name, "password", "secret123")));

        var again = assertProblem(409, api.send(HttpRequest.POST("/api/auth/signup",
                Map.of("username", name.toUpperCase(), "password", "other1234"))));

        assertEquals("urn:commerce:problem:username-taken", again.get("type"));
        assertEquals(1, sql.count("SELECT count(*) FROM users WHERE lower(username) = lower(?)", name));
    }

    @Test
    void weakOrOversizedInputIsRejectedFieldByField() {
        var weak = assertProblem(400, api.send(HttpRequest.POST("/api/auth/signup",
                Map.of("username", newName(), "password", "short"))));
        assertEquals(List.of("password"), fields(weak));

        var noDigit = assertProblem(400, api.send(HttpRequest.POST("/api/auth/signup",
                Map.of("username", newName(), "password", "onlyletters"))));
        assertEquals(List.of("password"), fields(noDigit));

        var badName = assertProblem(400, api.send(HttpRequest.POST("/api/auth/signup",
                Map.of("username", "x".repeat(33) + "'; DROP TABLE users;--", "password", "secret123"))));
        assertEquals(List.of("username"), fields(badName));

        String multiByte = "密码1".repeat(10); // 30 characters, 70 bytes: fine
        assertEquals(201, api.send(HttpRequest.POST("/api/auth/signup",
                Map.of("username", newName(), "password", multiByte))).status());
        var tooManyBytes = assertProblem(400, api.send(HttpRequest.POST("/api/auth/signup",
                Map.of("username", newName(), "password", "密码1".repeat(12)))));
        assertEquals("urn:commerce:problem:password-too-long", tooManyBytes.get("type"));
    }

    @Test
    void malformedJsonIsABadRequest() {
        var answer = assertProblem(400, api.send(HttpRequest.POST("/api/auth/signup", "{\"username\": ")
                .contentType(MediaType.APPLICATION_JSON_TYPE)));
        assertNotNull(answer.get("detail"));
    }

    @Test
    void aLogInFormThatIsNotUrlEncodedIsABadRequest() {
        for (String path : new String[]{"/login", "/login/"}) {
            var answer = assertProblem(400, api.send(HttpRequest.POST(path, "username=%' OR '%'='x&password=%zz")
                    .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)));
            assertEquals("urn:commerce:problem:malformed-body", answer.get("type"), answer::toString);
        }
    }

    @Test
    void wrongCredentialsAreUnauthorizedWithoutSayingWhich() {
        String name = newName();
        api.send(HttpRequest.POST("/api/auth/signup", Map.of("username", name, "password", "secret123")));

        var wrongPassword = assertProblem(401, api.send(HttpRequest.POST("/login",
                Map.of("username", name, "password", "wrong1234"))));
        var unknownUser = assertProblem(401, api.send(HttpRequest.POST("/login",
                Map.of("username", newName(), "password", "wrong1234"))));

        assertEquals(wrongPassword.get("detail"), unknownUser.get("detail"));
    }

    @Test
    void aMalformedUsernameAtLoginIsAPlainFailure() {
        var answer = assertProblem(401, api.send(HttpRequest.POST("/login", "{\"username\": \"a\\u0000b\", "
                + "\"password\": \"whatever1\"}").contentType(MediaType.APPLICATION_JSON_TYPE)));

        assertFalse(String.valueOf(answer.body()).contains("SQL"), answer::toString);
    }

    @Test
    void missingInvalidOrExpiredTokensAreUnauthorized() {
        assertProblem(401, api.send(HttpRequest.GET("/api/orders")));
        assertProblem(401, api.send(HttpRequest.GET("/api/orders"), "not.a.token"));

        String valid = api.newUserToken();
        String tampered = valid.substring(0, valid.length() - 4) + (valid.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertProblem(401, api.send(HttpRequest.GET("/api/orders"), tampered));

        long past = Instant.now().minusSeconds(60).getEpochSecond();
        String expired = tokens.generateToken(Map.of("sub", "someone", "roles", List.of("USER"),
                UserAuthenticationProvider.USER_ID, 1L, "exp", past)).orElseThrow();
        assertProblem(401, api.send(HttpRequest.GET("/api/orders"), expired));
    }

    @Test
    void aUserIsForbiddenFromAdminEndpoints() {
        String user = api.newUserToken();

        var answer = assertProblem(403, api.send(HttpRequest.POST("/api/products", Map.of("name", "x",
                "category", "c", "brand", "b", "price", 1)), user));

        assertNotNull(answer.get("title"));
    }

    @Test
    void theConfiguredAdministratorExists() {
        assertEquals(1, sql.count("SELECT count(*) FROM users WHERE username = 'admin' AND role = 'ADMIN'"));
        assertNotNull(api.adminToken());
    }

    @Test
    void logInReadsItsMediaTypeWithoutRegardToCaseAndRefusesOthersWithAProblem() {
        String name = newName();
        api.send(HttpRequest.POST("/api/auth/signup", Map.of("username", name, "password", "secret123")));
        String body = "{\"username\": \"" + name + "\", \"password\": \"secret123\"}";

        var upperCase = api.send(HttpRequest.POST("/login", body).header("Content-Type", "APPLICATION/JSON"));
        assertEquals(200, upperCase.status(), upperCase::toString);
        assertNotNull(upperCase.get("access_token"));

        var plain = assertProblem(415, api.send(HttpRequest.POST("/login", body).contentType(MediaType.TEXT_PLAIN)));
        assertEquals("urn:commerce:problem:unsupported-media-type", plain.get("type"));
        assertProblem(415, api.send(HttpRequest.POST("/login", body).header("Content-Type", "json")));
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItIsRead() {
        String huge = "{\"username\": \"" + "x".repeat(2 * 1024 * 1024) + "\", \"password\": \"secret123\"}";

        assertProblem(413, api.send(HttpRequest.POST("/api/auth/signup", huge)
                .contentType(MediaType.APPLICATION_JSON_TYPE)));
    }

    @Test
    void unknownRoutesAreProblemsToo() {
        assertProblem(404, api.send(HttpRequest.GET("/api/nothing-here")));
    }

    @SuppressWarnings("unchecked")
    private static List<String> fields(ApiClient.Answer answer) {
        return ((List<Map<String, Object>>) answer.get("errors")).stream().map(e -> (String) e.get("field")).distinct()
                .toList();
    }
}
