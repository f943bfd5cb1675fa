package com.example.commerce.platform.lambda;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The asynchronous Invoke request as Lambda's API expects it, against a stand-in of that API on loopback. */
class AsyncLambdaInvokerTest {

    record Received(String method, String pathAndQuery, String invocationType, String authorization,
                    String securityToken, String body) {
    }

    HttpServer lambda;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger status = new AtomicInteger(202);

    @BeforeEach
    void start() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIDINVOKETEST");
        System.setProperty("aws.secretAccessKey", "invoke-test-secret");
        System.setProperty("aws.sessionToken", "invoke-test-session");
        lambda = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lambda.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("X-Amz-Security-Token"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] answer = status.get() == 202 ? new byte[0]
                    : "{\"Type\":\"User\",\"message\":\"not allowed\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            exchange.close();
        });
        lambda.start();
    }

    @AfterEach
    void stop() {
        lambda.stop(0);
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.sessionToken");
    }

    private AsyncLambdaInvoker invoker() {
        return new AsyncLambdaInvoker("commerce-reindex", "live", "eu-west-1",
                URI.create("http://127.0.0.1:" + lambda.getAddress().getPort()), Duration.ofSeconds(2),
                Clock.fixed(Instant.parse("2026-11-27T18:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void sendsOneSignedEventInvocationOfTheAlias() {
        invoker().invoke("{\"jobId\":\"42\"}");

        assertEquals(1, received.size());
        var request = received.get(0);
        assertEquals("POST", request.method());
        assertEquals("/2015-03-31/functions/commerce-reindex/invocations?Qualifier=live", request.pathAndQuery());
        assertEquals("Event", request.invocationType());
        assertEquals("{\"jobId\":\"42\"}", request.body());
        assertEquals("invoke-test-session", request.securityToken());
        assertTrue(request.authorization().startsWith(
                "AWS4-HMAC-SHA256 Credential=AKIDINVOKETEST/20261127/eu-west-1/lambda/aws4_request, SignedHeaders="),
                request.authorization());
        assertTrue(request.authorization().contains("x-amz-invocation-type"), request.authorization());
    }

    @Test
    void aRefusalIsAnError() {
        status.set(403);
        var refused = assertThrows(IllegalStateException.class, () -> invoker().invoke("{}"));
        assertTrue(refused.getMessage().contains("HTTP 403") && refused.getMessage().contains("not allowed"),
                refused.getMessage());
    }
}
