package com.example.commerce.api.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.servlet.http.ServletHttpRequest;
import jakarta.inject.Singleton;

/**
 * The address a request came from, for per-client limits. Behind API Gateway (on Lambda) the connection is API
 * Gateway's, so the address is the event's {@code requestContext.http.sourceIp}, which API Gateway sets and the
 * client cannot forge (unlike the first entry of {@code X-Forwarded-For}). In the Netty server it is what
 * {@link HttpClientAddressResolver} gives: the connection's peer, or {@code micronaut.server.client-address-header}.
 */
@Singleton
public class ClientAddress {

    private final HttpClientAddressResolver resolver;

    public ClientAddress(HttpClientAddressResolver resolver) {
        this.resolver = resolver;
    }

    public String of(HttpRequest<?> request) {
        if (request instanceof ServletHttpRequest<?, ?> servlet
                && servlet.getNativeRequest() instanceof APIGatewayV2HTTPEvent event
                && event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                && event.getRequestContext().getHttp().getSourceIp() != null) {
            return event.getRequestContext().getHttp().getSourceIp();
        }
        String address = resolver.resolve(request);
        return address == null ? "unknown" : address;
    }
}
