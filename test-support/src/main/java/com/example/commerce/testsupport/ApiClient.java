package com.example.commerce.testsupport;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Drives order-api over real HTTP as a client would: every answer, error or not, comes back as an {@link Answer}. */
public final class ApiClient {

    /** The administrator that the test configuration's migrations create. */
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-password-1";

    private final HttpClient client;
    private final ObjectMapper json;

    public ApiClient(HttpClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    /** An answer: status, problem or body as a JSON tree, and headers (names in lower case). */
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
        var headers = new HashMap<String, String>();
        response.getHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        return new Answer(response.code(), parse(body), response.getContentType().map(Object::toString).orElse(""),
                headers);
    }

    public Answer send(MutableHttpRequest<?> request, String token) {
        return send(request.bearerAuth(token));
    }

    /** A JSON object as a map; a body that is not one comes back as {@code {"raw": body}}. */
    public Map<String, Object> parse(String body) {
        if (body == null || body.isBlank()) {
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
        signUp(username, "password1");
        return login(username, "password1");
    }

    public void signUp(String username, String password) {
        Answer signup = send(HttpRequest.POST("/api/auth/signup", Map.of("username", username, "password", password)));
        assertEquals(201, signup.status(), () -> "signup: " + signup);
    }

    public String login(String username, String password) {
        Answer login = send(HttpRequest.POST("/login", Map.of("username", username, "password", password)));
        assertEquals(200, login.status(), () -> "login: " + login);
        return (String) login.get("access_token");
    }

    public String adminToken() {
        return login(ADMIN, ADMIN_PASSWORD);
    }

    public long createProduct(String adminToken, String name, long price) {
        Answer created = send(HttpRequest.POST("/api/products", Map.of("name", name, "description", "about " + name,
                "category", "books", "brand", "acme", "price", price)), adminToken);
        assertEquals(201, created.status(), () -> "create product: " + created);
        return created.id();
    }
}
