package com.example.commerce.local;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reindex job's API: one at a time, administrators only, progress until it ends. order-api records the job
 * and indexer-fn runs it, so this runs where both do.
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL},
        transactional = false)
// The first requests after the whole system started can be slow on a busy machine.
@Property(name = "micronaut.http.client.read-timeout", value = "30s")
class ReindexApiTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ObjectMapper json;

    @Inject
    DataSource dataSource;

    @Test
    void aJobRunsToItsEndAndOnlyOneRunsAtATime() throws Exception {
        String admin = adminToken();
        UUID blocking = UUID.randomUUID();
        // Held by an indexer elsewhere that is alive (fresh heartbeat), so the local poller leaves it alone.
        execute("INSERT INTO reindex_jobs (id, status, claimed_by) VALUES (?, 'RUNNING', gen_random_uuid())",
                blocking);
        try {
            var refused = assertProblem(409, send(HttpRequest.POST("/api/admin/reindex/products", ""), admin));
            assertEquals("A reindex is already running", refused.get("detail"));
        } finally {
            execute("UPDATE reindex_jobs SET status = 'FAILED' WHERE id = ?", blocking);
        }

        var started = send(HttpRequest.POST("/api/admin/reindex/products", ""), admin);
        assertEquals(202, started.status(), started::toString);
        assertEquals("/api/admin/reindex/products/" + started.get("id"), started.headers().get("location"),
                started::toString);
        var job = awaitEnd(started, admin);
        assertEquals("SUCCEEDED", job.get("status"), job::toString);
        assertEquals(job.get("total"), job.get("indexed"));

        assertProblem(404, send(HttpRequest.GET("/api/admin/reindex/products/" + UUID.randomUUID()), admin));
        assertProblem(403, send(HttpRequest.POST("/api/admin/reindex/products", ""), newUserToken()));
    }

    @Test
    void aJobLeftRunningByAStoppedInstanceIsTakenOver() throws Exception {
        String admin = adminToken();
        UUID abandoned = UUID.randomUUID();
        execute("""
                INSERT INTO reindex_jobs (id, status, started_at, heartbeat_at)
                VALUES (?, 'RUNNING', now() - interval '1 hour', now() - interval '10 minutes')""", abandoned);

        var started = send(HttpRequest.POST("/api/admin/reindex/products", ""), admin);
        assertEquals(202, started.status(), started::toString);
        var old = send(HttpRequest.GET("/api/admin/reindex/products/" + abandoned), admin);
        assertEquals("FAILED", old.get("status"), old::toString);
        assertTrue(((String) old.get("error")).startsWith("Abandoned"), old::toString);

        var job = awaitEnd(started, admin);
        assertEquals("SUCCEEDED", job.get("status"), job::toString);
    }

    /** The job's state once it is no longer RUNNING, or after 30 s. */
    private Answer awaitEnd(Answer started, String admin) throws Exception {
        String id = (String) started.get("id");
        var job = started;
        for (int i = 0; i < 300 && "RUNNING".equals(job.get("status")); i++) {
            Thread.sleep(100);
            job = send(HttpRequest.GET("/api/admin/reindex/products/" + id), admin);
        }
        return job;
    }

    /** An answer: status, problem or body as a JSON tree, and headers (lower-case names). */
    record Answer(int status, Map<String, Object> body, String contentType, Map<String, String> headers) {
        Object get(String key) {
            return body.get(key);
        }
    }

    /** Every error is RFC 7807 problem+json with the status repeated in the body. */
    private static Answer assertProblem(int status, Answer answer) {
        assertEquals(status, answer.status(), () -> "answer: " + answer);
        assertTrue(answer.contentType().startsWith("application/problem+json"), () -> "content type: " + answer);
        assertEquals(status, ((Number) answer.get("status")).intValue(), () -> "problem: " + answer);
        return answer;
    }

    private Answer send(MutableHttpRequest<?> request, String token) throws IOException {
        HttpResponse<String> response;
        try {
            response = client.toBlocking().exchange(request.bearerAuth(token), Argument.STRING, Argument.STRING);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> error = (HttpResponse<String>) e.getResponse();
            response = error;
        }
        String body = response.getBody(String.class).orElse("");
        var headers = new java.util.HashMap<String, String>();
        response.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        return new Answer(response.code(), body.isBlank() ? Map.of()
                : json.readValue(body, Argument.mapOf(String.class, Object.class)),
                response.getContentType().map(Object::toString).orElse(""), headers);
    }

    private String adminToken() {
        return login("admin", "admin-password-1");
    }

    private String newUserToken() {
        String username = "u" + UUID.randomUUID().toString().substring(0, 12);
        client.toBlocking().exchange(HttpRequest.POST("/api/auth/signup",
                Map.of("username", username, "password", "password1")));
        return login(username, "password1");
    }

    private String login(String username, String password) {
        return (String) client.toBlocking().retrieve(HttpRequest.POST("/login",
                Map.of("username", username, "password", password)), Map.class).get("access_token");
    }

    private void execute(String sql, Object... args) throws SQLException {
        try (var connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        }
    }
}
