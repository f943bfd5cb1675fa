package com.example.commerce.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.commerce.testsupport.HttpApiEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * On Lambda every request arrives from API Gateway: log-in attempts must be counted per API Gateway source IP,
 * not per connection, or one client's failures would lock everybody out.
 */
class LoginLimitHandlerTest {

    @RegisterExtension
    static final OrderApiLambda lambda = new OrderApiLambda(Map.of("commerce.auth.attempts.login", "2"));

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
        String body = "{\"username\":\"nobody-" + UUID.randomUUID().toString().substring(0, 8)
                + "\",\"password\":\"wrong-password1\"}";
        return lambda.call(HttpApiEvent.post(path, body).header("host", "api.example.com").sourceIp(sourceIp));
    }
}
