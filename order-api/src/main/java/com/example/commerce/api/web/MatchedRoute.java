package com.example.commerce.api.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.UriRouteInfo;

/**
 * The route template the router matched for a request ({@code /login}, {@code /api/orders/{id}}...). Filters that
 * guard particular routes ask this instead of comparing paths: the router also matches {@code /login/}, and a
 * filter pattern of {@code /login} would let that through.
 */
public final class MatchedRoute {

    private MatchedRoute() {
    }

    /** @return the matched route's URI template, or null if no route matched */
    @Nullable
    public static String template(HttpRequest<?> request) {
        return RouteAttributes.getRouteInfo(request)
                .filter(UriRouteInfo.class::isInstance)
                .map(info -> ((UriRouteInfo<?, ?>) info).getUriMatchTemplate().toPathString())
                .orElse(null);
    }

    public static boolean is(HttpRequest<?> request, String template) {
        return template.equals(template(request));
    }
}
