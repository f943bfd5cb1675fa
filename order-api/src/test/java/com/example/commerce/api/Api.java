package com.example.commerce.api;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.serde.ObjectMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Drives the API over real HTTP as a client would, and reads the outbox as the relay would. */
public final class Api {

    private final HttpClient client;
    private final ObjectMapper json;
    private final DataSource dataSource;

    public Api(HttpClient client, ObjectMapper json, DataSource dataSource) {
        this.client = client;
        this.json = json;
        this.dataSource = dataSource;
    }

    /** An answer: status, problem or body as a JSON tree, and headers. */
    public record Answer(int status, Map<String, Object> body, String contentType, Map<String, String> headers) {
        public Object get(String key) {
            return body.get(key);
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> list(String key) {
            return (List<Map<String, Object>>) body.get(key);
        }

        public long id() {
            return ((Number) body.get("id")).longValue();
        }
    }

    public Answer send(MutableHttpRequest<?> request) {
        HttpResponse<String> response;
        try {
            response = client.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
        } catch (HttpClientResponseException e) {
            @SuppressWarnings("unchecked")
            HttpResponse<String> error = (HttpResponse<String>) e.getResponse();
            response = error;
        }
        String body = response.getBody(String.class).orElse("");
        var headers = new java.util.HashMap<String, String>();
        response.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        return new Answer(response.code(), parse(body), response.getContentType().map(Object::toString).orElse(""),
                headers);
    }

    public Answer send(MutableHttpRequest<?> request, String token) {
        return send(request.bearerAuth(token));
    }

    private Map<String, Object> parse(String body) {
        if (body.isBlank()) {
            return Map.of();
        }
        try {
            return json.readValue(body, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            return Map.of("raw", body);
        }
    }

    public String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs a new user up and logs in; returns the user's token. */
    public String newUserToken() {
        String username = "u" + UUID.randomUUID().toString().substring(0, 12);
        Answer signup = send(HttpRequest.POST("/api/auth/signup",
                Map.of("username", username, "password", "password1")));
        assertEquals(201, signup.status(), () -> "signup: " + signup);
        return login(username, "password1");
    }

    public String login(String username, String password) {
        Answer login = send(HttpRequest.POST("/login", Map.of("username", username, "password", password)));
        assertEquals(200, login.status(), () -> "login: " + login);
        return (String) login.get("access_token");
    }

    public String adminToken() {
        return login("admin", "admin-password-1");
    }

    public long createProduct(String adminToken, String name, long price) {
        Answer created = send(HttpRequest.POST("/api/products", Map.of("name", name, "description", "about " + name,
                "category", "books", "brand", "acme", "price", price)), adminToken);
        assertEquals(201, created.status(), () -> "create product: " + created);
        return created.id();
    }

    /** One row of the outbox, as the relay will publish it. */
    public record OutboxEvent(String topic, String eventType, long aggregateVersion, Map<String, Object> event,
                              String rawEvent, String traceparent) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> payload() {
            return (Map<String, Object>) event.get("payload");
        }
    }

    public List<OutboxEvent> outbox(String aggregateType, long aggregateId) {
        var events = new ArrayList<OutboxEvent>();
        try (var connection = dataSource.getConnection();
             var query = connection.prepareStatement("SELECT topic, event_type, aggregate_version, event::text, "
                     + "headers->>'traceparent' FROM outbox WHERE aggregate_type = ? AND aggregate_id = ? ORDER BY id")) {
            query.setString(1, aggregateType);
            query.setString(2, String.valueOf(aggregateId));
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    events.add(new OutboxEvent(rows.getString(1), rows.getString(2), rows.getLong(3),
                            parse(rows.getString(4)), rows.getString(4), rows.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return events;
    }

    public List<String> outboxTypes(String aggregateType, long aggregateId) {
        return outbox(aggregateType, aggregateId).stream().map(OutboxEvent::eventType).toList();
    }

    public long count(String sql, Object... args) {
        try (var connection = dataSource.getConnection(); var query = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                query.setObject(i + 1, args[i]);
            }
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void execute(String sql, Object... args) {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
