package com.example.commerce.api.error;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.util.List;
import java.util.Map;

/**
 * Error statuses returned without a body (a framework controller's bare {@code HttpResponse.status(...)}) never
 * reach {@link ProblemRenderer}; they get the same problem body here, so that every error is a problem document.
 * An error answer to HEAD has no body, as HTTP requires, but its Content-Type is still the problem's.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class BareErrorFilter {

    @ResponseFilter
    public void renderBareErrors(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.code() < 400) {
            return;
        }
        if (request.getMethod() == HttpMethod.HEAD) {
            // A HEAD answer never has a body (RFC 9110), but it says what a GET's body would be.
            response.contentType(Problem.CONTENT_TYPE);
            return;
        }
        if (response.getBody().isPresent()) {
            return;
        }
        var problem = new Problem("about:blank", response.reason(), response.code(), response.reason(),
                request.getPath(), List.of(), Map.of());
        @SuppressWarnings("unchecked")
        var withBody = (MutableHttpResponse<Object>) response;
        withBody.body(problem).contentType(Problem.CONTENT_TYPE);
    }
}
