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

    /**
     * Whether the request is for the route {@code template}: the route the router matched, or, where it matched
     * none (e.g. a media type the route does not consume), the path without trailing slashes, as the router reads it.
     */
    public static boolean is(HttpRequest<?> request, String template) {
        String matched = template(request);
        if (matched != null) {
            return matched.equals(template);
        }
        String path = request.getPath();
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end).equals(template);
    }
}
