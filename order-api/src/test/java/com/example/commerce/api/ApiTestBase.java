package com.example.commerce.api;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests run the order-api environment over real HTTP against the real (embedded) PostgreSQL. */
public abstract class ApiTestBase {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    DataSource dataSource;

    protected Api api;

    @BeforeEach
    void createApi() {
        api = new Api(client, objectMapper, DelegatingDataSource.unwrapDataSource(dataSource));
    }

    /** Every error is RFC 7807 problem+json with the status repeated in the body. */
    protected static Api.Answer assertProblem(int status, Api.Answer answer) {
        assertEquals(status, answer.status(), () -> "answer: " + answer);
        assertTrue(answer.contentType().startsWith("application/problem+json"), () -> "content type: " + answer);
        assertEquals(status, ((Number) answer.get("status")).intValue(), () -> "problem: " + answer);
        return answer;
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> context(Api.Answer answer) {
        return (Map<String, Object>) answer.get("context");
    }
}
