package com.example.commerce.api.lambda;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The Lambda handler refuses an oversized body with exactly the problem the local (Netty) server gives. Not a
 * *HandlerTest: it needs the Netty server on the classpath, which the handler tests run without.
 */
class BodySizeLimitParityTest {

    @BeforeAll
    static void start() {
        BodySizeLimitHandlerTest.lambda.start();
    }

    @AfterAll
    static void stop() {
        BodySizeLimitHandlerTest.lambda.stop();
    }

    @Test
    void theHandlerAnswersAsTheLocalServerDoes() throws Exception {
        var lambda = BodySizeLimitHandlerTest.call(BodySizeLimitHandlerTest.OVERSIZED, false);

        try (var server = ApplicationContext.run(EmbeddedServer.class, Map.of("micronaut.server.port", -1),
                "order-api", "test");
             var client = HttpClient.create(server.getURL())) {
            var local = assertThrows(HttpClientResponseException.class, () -> client.toBlocking().exchange(
                    HttpRequest.POST(BodySizeLimitHandlerTest.SIGNUP, BodySizeLimitHandlerTest.OVERSIZED)
                            .contentType(MediaType.APPLICATION_JSON_TYPE), String.class));

            assertEquals(local.getStatus().getCode(), lambda.getStatusCode());
            assertEquals(local.getResponse().getContentType().orElseThrow().getName(),
                    MediaType.of(lambda.getHeaders().get("Content-Type")).getName());
            assertEquals(BodySizeLimitHandlerTest.read(local.getResponse().getBody(String.class).orElseThrow()),
                    BodySizeLimitHandlerTest.read(lambda.getBody()));
        }
    }
}
