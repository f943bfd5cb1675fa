package com.example.commerce.api.auth;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.error.ProblemRenderer;
import com.example.commerce.api.web.MatchedRoute;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Micronaut Security's log-in endpoint answers a bare 404 to a body it cannot read by its Content-Type (missing,
 * {@code text/plain}, or even {@code APPLICATION/JSON}). Here a media type is matched as RFC 9110 says, without
 * regard to case, and anything else is a 415 problem naming what is accepted. Decided by the matched route, so that
 * {@code /login/} is covered as well.
 */
@ServerFilter(value = ServerFilter.MATCH_ALL_PATTERN, methods = HttpMethod.POST)
public class LoginContentTypeFilter {

    private static final String FORM = MediaType.APPLICATION_FORM_URLENCODED;

    private final ProblemRenderer problems;

    public LoginContentTypeFilter(ProblemRenderer problems) {
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> requireJsonOrForm(MutableHttpRequest<?> request) {
        if (!MatchedRoute.is(request, AttemptLimitFilter.LOGIN_ROUTE)) {
            return null;
        }
        String header = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals(MediaType.APPLICATION_JSON) || type.equals(FORM)) {
            if (!header.equals(type)) {
                request.getHeaders().set(HttpHeaders.CONTENT_TYPE, type);
            }
            return null;
        }
        return problems.handle(request, new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "urn:commerce:problem:unsupported-media-type",
                "log-in takes application/json (or application/x-www-form-urlencoded), not "
                        + (header == null ? "a body without Content-Type" : header),
                Map.of("accepted", List.of(MediaType.APPLICATION_JSON, FORM))));
    }
}
