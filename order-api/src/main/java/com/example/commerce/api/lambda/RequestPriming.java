package com.example.commerce.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.commerce.api.auth.Role;
import com.example.commerce.api.auth.UserAuthenticationProvider;
import com.example.commerce.platform.lambda.SnapStartPriming;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.TokenGenerator;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * order-api's hot path, run through its own handler once before a SnapStart snapshot: a catalog page (routing, a
 * controller, a JDBC round trip, JSON out) and an orders request with a token signed here, whose verification and
 * account check end in a 401 problem (the token names no account), so nothing is written.
 */
final class RequestPriming implements SnapStartPriming.Primer {

    /** No account has id 0: the request is refused after the token was verified and the account looked up. */
    private static final long NO_ACCOUNT = 0;
    private static final int TOKEN_SECONDS = 60;
    private static final String PRIMING_HOST = "localhost";

    private final OrderApiHandler handler;
    /** Looked up when priming: a token generator created with the handler breaks the host resolution of log-ins. */
    private final Supplier<TokenGenerator> tokens;

    RequestPriming(OrderApiHandler handler, Supplier<TokenGenerator> tokens) {
        this.handler = handler;
        this.tokens = tokens;
    }

    @Override
    public String name() {
        return "GET /api/products and GET /api/orders with a signed token, through the handler";
    }

    @Override
    public void prime() {
        expect(200, handler.handleRequest(request("/api/products", "size=1", null), new MockLambdaContext()));
        String token = tokens.get().generateToken(Authentication.build("snapstart-priming", List.of(Role.USER.name()),
                        Map.of(UserAuthenticationProvider.USER_ID, NO_ACCOUNT)), TOKEN_SECONDS)
                .orElseThrow(() -> new IllegalStateException("no token was signed"));
        expect(401, handler.handleRequest(request("/api/orders", "", token), new MockLambdaContext()));
    }

    private static void expect(int status, APIGatewayV2HTTPResponse response) {
        if (response.getStatusCode() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.getStatusCode() + ": "
                    + response.getBody());
        }
    }

    private static APIGatewayV2HTTPEvent request(String path, String query, String token) {
        // A Host header, as API Gateway always sends: the log-in and token paths resolve the host from it.
        var headers = token == null ? Map.of("host", PRIMING_HOST, "accept", "application/json")
                : Map.of("host", PRIMING_HOST, "accept", "application/json", "authorization", "Bearer " + token);
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString(query)
                .withQueryStringParameters(query.isEmpty() ? null : Map.of(query.substring(0, query.indexOf('=')),
                        query.substring(query.indexOf('=') + 1)))
                .withHeaders(headers)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET").withPath(path).withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1").withUserAgent("snapstart-priming").build())
                        .withRequestId(UUID.randomUUID().toString())
                        .build())
                .build();
    }
}
