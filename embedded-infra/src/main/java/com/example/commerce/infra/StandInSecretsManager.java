package com.example.commerce.infra;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * AWS Secrets Manager's GetSecretValue on loopback, for tests: answers a signed JSON-protocol POST for the secrets
 * it was given, and {@code ResourceNotFoundException} for any other id, as the service does. It checks the shape of
 * the SigV4 Authorization header (access key, region, service), not the signature itself.
 */
public final class StandInSecretsManager implements AutoCloseable {

    /** One GetSecretValue call as received. */
    public record Call(String secretId, String authorization, String target) {
    }

    private static final Pattern SECRET_ID = Pattern.compile("\"SecretId\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=[^/]+/\\d{8}/"
            + "[a-z0-9-]+/secretsmanager/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}");

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private StandInSecretsManager(HttpServer server) {
        this.server = server;
    }

    public static StandInSecretsManager start() {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            var standIn = new StandInSecretsManager(server);
            server.createContext("/", standIn::handle);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the stand-in Secrets Manager", e);
        }
    }

    /** Serves {@code secretString} as the current version of the secret {@code arn}. */
    public StandInSecretsManager put(String arn, String secretString) {
        secrets.put(arn, secretString);
        return this;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var id = SECRET_ID.matcher(body);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            calls.add(new Call(id.find() ? id.group(1) : null, authorization, target));
            String secretId = calls.get(calls.size() - 1).secretId();
            if (!"POST".equals(exchange.getRequestMethod()) || !"secretsmanager.GetSecretValue".equals(target)
                    || !"application/x-amz-json-1.1".equals(exchange.getRequestHeaders().getFirst("Content-Type"))
                    || secretId == null) {
                answer(exchange, 400, "{\"__type\":\"InvalidRequestException\",\"message\":\"Not a GetSecretValue "
                        + "request\"}");
            } else if (authorization == null || !AUTHORIZATION.matcher(authorization).matches()) {
                answer(exchange, 400, "{\"__type\":\"IncompleteSignatureException\",\"message\":\"Missing or "
                        + "malformed Authorization\"}");
            } else if (!secrets.containsKey(secretId)) {
                answer(exchange, 400, "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Secrets Manager "
                        + "can't find the specified secret.\"}");
            } else {
                answer(exchange, 200, "{\"ARN\":" + quote(secretId) + ",\"Name\":\"stand-in\",\"SecretString\":"
                        + quote(secrets.get(secretId)) + ",\"VersionId\":\"00000000-0000-0000-0000-000000000001\","
                        + "\"VersionStages\":[\"AWSCURRENT\"],\"CreatedDate\":1.7642304E9}");
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static String quote(String text) {
        var quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
