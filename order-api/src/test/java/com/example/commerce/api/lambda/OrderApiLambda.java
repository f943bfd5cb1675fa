package com.example.commerce.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.commerce.testsupport.HttpApiEvent;
import com.example.commerce.testsupport.SystemProperties;
import io.micronaut.core.type.Argument;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * order-api's Lambda handler, started as the Lambda runtime starts it (no-argument constructor) in the test
 * configuration, and called with API Gateway HTTP API events.
 */
final class OrderApiLambda implements AutoCloseable {

    private final SystemProperties properties;
    private final OrderApiHandler handler;
    private final ObjectMapper json;

    private OrderApiLambda(SystemProperties properties) {
        this.properties = properties;
        this.handler = new OrderApiHandler();
        this.json = handler.getApplicationContext().getBean(ObjectMapper.class);
    }

    /** Started with {@code configuration} on top of the test configuration (as the function's environment). */
    static OrderApiLambda start(Map<String, String> configuration) {
        var properties = SystemProperties.testEnvironment(configuration);
        try {
            return new OrderApiLambda(properties);
        } catch (RuntimeException e) {
            properties.close();
            throw e;
        }
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

    @Override
    public void close() {
        try {
            handler.close();
        } finally {
            properties.close();
        }
    }
}
