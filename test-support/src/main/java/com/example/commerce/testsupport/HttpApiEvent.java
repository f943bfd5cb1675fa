package com.example.commerce.testsupport;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An API Gateway HTTP API (payload 2.0) request as a Lambda handler receives it: by default a JSON request from
 * 127.0.0.1 with no body.
 */
public final class HttpApiEvent {

    private final String method;
    private final String path;
    // API Gateway always passes the Host header; without it the API would resolve its own host from a local server.
    private final Map<String, String> headers = new HashMap<>(Map.of("host", "api.example.test",
            "content-type", "application/json", "accept", "application/json"));
    private String body;
    private boolean base64Encoded;
    private String sourceIp = "127.0.0.1";

    private HttpApiEvent(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public static HttpApiEvent request(String method, String path) {
        return new HttpApiEvent(method, path);
    }

    public static HttpApiEvent post(String path, String body) {
        return request("POST", path).body(body);
    }

    /** Header names in lower case, as API Gateway delivers them. */
    public HttpApiEvent header(String name, String value) {
        headers.put(name.toLowerCase(), value);
        return this;
    }

    /** The bearer token, if any ({@code null}: no Authorization header). */
    public HttpApiEvent bearer(String token) {
        return token == null ? this : header("authorization", "Bearer " + token);
    }

    public HttpApiEvent body(String body) {
        this.body = body;
        this.base64Encoded = false;
        return this;
    }

    /** A body as API Gateway passes binary content: base64-encoded, and flagged so. */
    public HttpApiEvent base64Body(String encoded) {
        this.body = encoded;
        this.base64Encoded = true;
        return this;
    }

    /** The client address API Gateway saw (requestContext.http.sourceIp). */
    public HttpApiEvent sourceIp(String sourceIp) {
        this.sourceIp = sourceIp;
        return this;
    }

    public APIGatewayV2HTTPEvent build() {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withRawQueryString("")
                .withHeaders(Map.copyOf(headers))
                .withBody(body)
                .withIsBase64Encoded(base64Encoded)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withProtocol("HTTP/1.1")
                                .withSourceIp(sourceIp).withUserAgent("test").build())
                        .withRequestId(UUID.randomUUID().toString())
                        .build())
                .build();
    }
}
