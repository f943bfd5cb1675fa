package com.example.commerce.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * On Lambda every request arrives from API Gateway: log-in attempts must be counted per API Gateway source IP,
 * not per connection, or one client's failures would lock everybody out.
 */
class LoginLimitHandlerTest {

    static OrderApiHandler handler;

    @BeforeAll
    static void start() {
        System.setProperty("micronaut.environments", "test");
        System.setProperty("commerce.auth.attempts.login", "2");
        handler = new OrderApiHandler();
    }

    @AfterAll
    static void stop() {
        System.clearProperty("micronaut.environments");
        System.clearProperty("commerce.auth.attempts.login");
        handler.close();
    }

    @Test
    void logInAttemptsAreCountedPerSourceIp() {
        String guesser = "198.51.100." + (1 + (int) (Math.random() * 250));
        assertEquals(401, login(guesser).getStatusCode());
        assertEquals(401, login(guesser).getStatusCode());

        var refused = login(guesser);
        assertEquals(429, refused.getStatusCode(), refused::getBody);
        assertEquals(429, login(guesser, "/login/").getStatusCode(), "the router's other spelling of the route");
        assertEquals(401, login("203.0.113.9").getStatusCode(), "another client is not affected");
    }

    private APIGatewayV2HTTPResponse login(String sourceIp) {
        return login(sourceIp, "/login");
    }

    private APIGatewayV2HTTPResponse login(String sourceIp, String path) {
        var event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(Map.of("content-type", "application/json", "accept", "application/json",
                        "host", "api.example.com"))
                .withBody("{\"username\":\"nobody-" + UUID.randomUUID().toString().substring(0, 8)
                        + "\",\"password\":\"wrong-password1\"}")
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath(path).withProtocol("HTTP/1.1")
                                .withSourceIp(sourceIp).withUserAgent("test").build())
                        .withRequestId(UUID.randomUUID().toString())
                        .build())
                .build();
        return handler.handleRequest(event, new MockLambdaContext());
    }
}
