package com.example.commerce.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.commerce.testsupport.HttpApiEvent;
import com.example.commerce.testsupport.SystemProperties;
import io.micronaut.core.type.Argument;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * order-api's Lambda handler, started as the Lambda runtime starts it (no-argument constructor) in the test
 * configuration, and called with API Gateway HTTP API events. Registered as an extension, it runs for the test
 * class: started before its first test, closed after its last.
 */
final class OrderApiLambda implements BeforeAllCallback, AfterAllCallback {

    private final Map<String, String> configuration;
    private SystemProperties properties;
    private OrderApiHandler handler;
    private ObjectMapper json;

    /** {@code configuration}: settings on top of the test configuration, as the function's environment. */
    OrderApiLambda(Map<String, String> configuration) {
        this.configuration = Map.copyOf(configuration);
    }

    void start() {
        properties = SystemProperties.testEnvironment(configuration);
        try {
            handler = new OrderApiHandler();
        } catch (RuntimeException e) {
            properties.close();
            throw e;
        }
        json = handler.getApplicationContext().getBean(ObjectMapper.class);
    }

    void stop() {
        try {
            if (handler != null) {
                handler.close();
            }
        } finally {
            if (properties != null) {
                properties.close();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    OrderApiHandler handler() {
        return handler;
    }

    APIGatewayV2HTTPResponse call(HttpApiEvent request) {
        return handler.handleRequest(request.build(), new MockLambdaContext());
    }

    String json(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON object body as a map. */
    Map<String, Object> read(String body) throws IOException {
        return json.readValue(body, Argument.mapOf(String.class, Object.class));
    }
}
