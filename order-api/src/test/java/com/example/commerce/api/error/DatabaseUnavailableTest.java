package com.example.commerce.api.error;

import com.example.commerce.testsupport.Eventually;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the database gone (every connection cut, new ones refused), the API answers 503 problem+json with
 * Retry-After within the pool's connection time-out instead of a 500 or a hang, and serves again by itself once
 * the database is back. A second order-api server reaches the real embedded PostgreSQL through a proxy that the
 * test cuts.
 */
@MicronautTest(environments = "order-api", transactional = false)
class DatabaseUnavailableTest {

    private static final long CONNECTION_TIMEOUT_MS = 250;
    /** The bound for an answer during an outage is one second; the rest of it is slack for a busy machine. */
    private static final Duration ANSWER_BOUND = Duration.ofMillis(1000);

    @Value("${datasources.default.url}")
    String databaseUrl;
    @Value("${datasources.default.username}")
    String username;
    @Value("${datasources.default.password}")
    String password;
    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aLostDatabaseIsA503WithinTheConnectionTimeoutAndServiceResumesByItself() throws Exception {
        URI database = URI.create(databaseUrl.substring("jdbc:".length()));
        try (var proxy = new CuttableProxy(database.getHost(), database.getPort());
             var server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                     "datasources.default.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + database.getPath(),
                     "datasources.default.username", username,
                     "datasources.default.password", password,
                     "datasources.default.connection-timeout", CONNECTION_TIMEOUT_MS,
                     "flyway.datasources.default.enabled", false,
                     "micronaut.server.port", -1), "test", "order-api")) {
            String base = server.getURL().toString();
            String admin = token(base, "admin", "admin-password-1");
            long product = ((Number) send(base, "POST", "/api/products", admin, null, Map.of("name", "Outage product",
                    "description", "ordered while the database is down", "category", "test", "brand", "test",
                    "price", 1200)).body().get("id")).longValue();
            String username = "outage-" + UUID.randomUUID().toString().substring(0, 8);
            send(base, "POST", "/api/auth/signup", null, null, Map.of("username", username, "password", "outage-pw-1"));
            String user = token(base, username, "outage-pw-1");
            Map<String, Object> order = Map.of("items", List.of(Map.of("productId", product, "quantity", 1)));
            String key = UUID.randomUUID().toString();
            assertEquals(201, send(base, "POST", "/api/orders", user, UUID.randomUUID().toString(), order).status());

            proxy.cut();

            // The first answer of the outage may pay for loading the failure path's classes: it must not hang.
            assertUnavailable(send(base, "POST", "/api/orders", user, key, order), Duration.ofSeconds(10));
            for (int i = 0; i < 3; i++) {
                // Anonymous (catalog), authenticated (the account check reads the database first), and a write.
                assertUnavailable(send(base, "GET", "/api/products/" + product, null, null, null), ANSWER_BOUND);
                assertUnavailable(send(base, "GET", "/api/orders", user, null, null), ANSWER_BOUND);
                assertUnavailable(send(base, "POST", "/api/orders", user, key, order), ANSWER_BOUND);
            }

            proxy.open();

            // The pool replaces its dead connections by itself; the create refused during the outage goes through.
            Answer retried = sendUntilServed(base, "POST", "/api/orders", user, key, order);
            assertEquals(201, retried.status(), () -> "after the outage: " + json(retried.body()));
            assertEquals(200, send(base, "GET", "/api/products/" + product, null, null, null).status());
        }
    }

    private void assertUnavailable(Answer answer, Duration bound) {
        assertEquals(503, answer.status(), () -> "answer: " + answer.status() + " " + json(answer.body()));
        assertTrue(answer.contentType().startsWith(Problem.CONTENT_TYPE), answer::contentType);
        assertEquals(503, ((Number) answer.body().get("status")).intValue());
        assertEquals("urn:commerce:problem:service-unavailable", answer.body().get("type"));
        assertTrue(answer.retryAfter() != null && Integer.parseInt(answer.retryAfter()) >= 1,
                () -> "Retry-After: " + answer.retryAfter());
        assertTrue(answer.took().compareTo(bound) < 0, () -> "answered in " + answer.took().toMillis()
                + " ms with a connection time-out of " + CONNECTION_TIMEOUT_MS + " ms; bound " + bound.toMillis() + " ms");
    }

    /** Sends until the answer is not a 503 any more, for at most 30 s. */
    private Answer sendUntilServed(String base, String method, String path, String token, String idempotencyKey,
                                   Object body) throws Exception {
        return Eventually.lastRead(Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> send(base, method, path, token, idempotencyKey, body), answer -> answer.status() != 503);
    }

    private record Answer(int status, Map<String, Object> body, String contentType, String retryAfter,
                          Duration took) {
    }

    private String token(String base, String username, String password) throws Exception {
        return (String) send(base, "POST", "/login", null, null, Map.of("username", username, "password", password))
                .body().get("access_token");
    }

    @SuppressWarnings("unchecked")
    private Answer send(String base, String method, String path, String token, String idempotencyKey,
                        Object body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        long started = System.nanoTime();
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        Map<String, Object> parsed = response.body().isEmpty() ? Map.of() : json.readValue(response.body(), Map.class);
        return new Answer(response.statusCode(), parsed, response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Retry-After").orElse(null), took);
    }

    private String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
