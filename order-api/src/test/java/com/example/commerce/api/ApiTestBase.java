package com.example.commerce.api;

import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.OutboxRows;
import com.example.commerce.testsupport.Sql;
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

    protected ApiClient api;
    protected Sql sql;
    protected OutboxRows outbox;

    @BeforeEach
    void createApi() {
        api = new ApiClient(client, objectMapper);
        sql = Sql.of(dataSource);
        outbox = new OutboxRows(sql, api::parse);
    }

    /** Every error is RFC 7807 problem+json with the status repeated in the body. */
    protected static ApiClient.Answer assertProblem(int status, ApiClient.Answer answer) {
        assertEquals(status, answer.status(), () -> "answer: " + answer);
        assertTrue(answer.contentType().startsWith("application/problem+json"), () -> "content type: " + answer);
        assertEquals(status, ((Number) answer.get("status")).intValue(), () -> "problem: " + answer);
        return answer;
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> context(ApiClient.Answer answer) {
        return (Map<String, Object>) answer.get("context");
    }
}
