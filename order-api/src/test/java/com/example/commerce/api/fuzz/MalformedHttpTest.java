package com.example.commerce.api.fuzz;

import com.example.commerce.api.fuzz.RawHttpClient.Framing;
import com.example.commerce.api.fuzz.RawHttpClient.Header;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests that break HTTP itself, refused before any route is found: each answer is still a problem document,
 * and a HEAD answer (which never has a body) still says it is one.
 */
@MicronautTest(environments = "order-api", transactional = false)
class MalformedHttpTest {

    @Inject
    EmbeddedServer server;

    @Test
    void errorsBelowTheRouterAreProblemsToo() throws Exception {
        var requests = List.of(
                new RawHttpClient.Request("GET", "/api/products?page=1", List.of(new Header("Content-Length", "abc")),
                        new byte[0], Framing.NONE),
                new RawHttpClient.Request("GET", "/api/products", List.of(new Header("Content-Length", "-1")),
                        new byte[0], Framing.NONE),
                new RawHttpClient.Request("GET", "/api/products", List.of(new Header("Bad Header", "x")),
                        new byte[0], Framing.NONE),
                new RawHttpClient.Request("GET", "/api/products", List.of(new Header("X-Big", "a".repeat(70_000))),
                        new byte[0], Framing.NONE),
                new RawHttpClient.Request("GET", "/api/products/%zz", List.of(), new byte[0], Framing.NONE),
                new RawHttpClient.Request("POST", "/api/orders", List.of(new Header("Content-Type", "application/json"),
                        new Header("Transfer-Encoding", "chunked")),
                        "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), Framing.LENGTH),
                new RawHttpClient.Request("HEAD", "/api/orders", List.of(), new byte[0], Framing.NONE),
                new RawHttpClient.Request("HEAD", "/login/", List.of(), new byte[0], Framing.NONE));
        var failures = new ArrayList<String>();
        try (var client = new RawHttpClient(server.getHost(), server.getPort(), 10_000)) {
            for (var request : requests) {
                var answer = client.send(request);
                String target = request.target().substring(0, Math.min(40, request.target().length()));
                String described = request.method() + " " + target + " "
                        + request.headers().stream().map(Header::name).toList() + " -> " + answer.status() + " "
                        + answer.contentType() + " " + new String(answer.body(), StandardCharsets.UTF_8);
                boolean bodyless = request.method().equals("HEAD");
                if (answer.status() < 400 || answer.status() >= 500
                        || !answer.contentType().startsWith("application/problem+json")
                        || (answer.body().length == 0) != bodyless) {
                    failures.add(described);
                }
            }
        }
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
    }
}
