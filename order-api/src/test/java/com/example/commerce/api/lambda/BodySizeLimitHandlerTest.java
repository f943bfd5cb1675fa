package com.example.commerce.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.commerce.testsupport.HttpApiEvent;
import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 1 MB body limit (micronaut.server.max-request-size) holds on Lambda too, where no Netty enforces it: a larger
 * body is refused with a 413 problem, before it is parsed. Runs without the Netty server, as deployed.
 */
class BodySizeLimitHandlerTest {

    static final String SIGNUP = "/api/auth/signup";
    static final String OVERSIZED = "{\"username\": \"" + "x".repeat(2 * 1024 * 1024) + "\", \"password\": \"secret123\"}";

    @RegisterExtension
    static final OrderApiLambda lambda = new OrderApiLambda(Map.of());

    @Test
    void aTwoMegabyteBodyIsRefusedWithA413Problem() throws IOException {
        var refused = call(OVERSIZED, false);

        assertEquals(413, refused.getStatusCode(), refused::getBody);
        assertTrue(refused.getHeaders().get("Content-Type").startsWith("application/problem+json"),
                () -> refused.getHeaders().toString());
        // What the local server answers (BodySizeLimitParityTest compares the two).
        assertEquals(Map.of("type", "about:blank", "title", HttpStatus.REQUEST_ENTITY_TOO_LARGE.getReason(),
                "status", 413, "instance", SIGNUP, "detail", "The content length [" + OVERSIZED.length()
                        + "] exceeds the maximum allowed content length [1048576]"), read(refused.getBody()));
    }

    @Test
    void aBase64EncodedBodyCountsItsDecodedBytes() {
        String encoded = Base64.getEncoder().encodeToString(OVERSIZED.getBytes(StandardCharsets.UTF_8));

        assertEquals(413, call(encoded, true).getStatusCode());
        assertEquals(OVERSIZED.length(), BodySizeLimitFilter.size(encoded, true));
        assertEquals(3, BodySizeLimitFilter.size("한", false), "UTF-8 bytes, not characters");
    }

    @Test
    void aBodyWithinTheLimitIsRead() {
        String name = "limit-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"username\": \"" + name + "\", \"password\": \"secret123\", \"padding\": \""
                + "x".repeat(1000 * 1000) + "\"}";

        assertEquals(201, call(body, false).getStatusCode());
    }

    static APIGatewayV2HTTPResponse call(String body, boolean base64) {
        var request = HttpApiEvent.request("POST", SIGNUP);
        return lambda.call(base64 ? request.base64Body(body) : request.body(body));
    }

    static Map<String, Object> read(String body) throws IOException {
        return lambda.read(body);
    }
}
