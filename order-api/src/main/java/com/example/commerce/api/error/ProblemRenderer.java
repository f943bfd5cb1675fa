package com.example.commerce.api.error;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * Renders every error as RFC 7807 problem+json: the API's own {@link ApiException}s, and everything the framework
 * reports through {@link ErrorResponseProcessor} (malformed JSON, wrong types, unknown routes, 401/403 from
 * security...). Validation failures have their own handler, {@link ValidationProblems}, for the field list.
 */
@Singleton
@Primary
@Produces(Problem.CONTENT_TYPE)
public class ProblemRenderer implements ErrorResponseProcessor<Problem>, ExceptionHandler<ApiException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ApiException exception) {
        var problem = new Problem(exception.type(), exception.status().getReason(), exception.status().getCode(),
                exception.getMessage(), request.getPath(), List.of(), exception.context());
        return HttpResponse.<Problem>status(exception.status()).body(problem).contentType(Problem.CONTENT_TYPE);
    }

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        @SuppressWarnings("unchecked")
        var problemResponse = (MutableHttpResponse<Problem>) response;
        if (context.getRequest().getMethod() == HttpMethod.HEAD) {
            // No body in an answer to HEAD (RFC 9110); the Content-Type says what a GET's body would be.
            return problemResponse.contentType(Problem.CONTENT_TYPE);
        }
        int status = response.code();
        var problem = new Problem("about:blank", response.reason(), status, detail(context, response),
                context.getRequest().getPath(), List.of(), Map.of());
        return problemResponse.body(problem).contentType(Problem.CONTENT_TYPE);
    }

    private static String detail(ErrorContext context, MutableHttpResponse<?> response) {
        if (response.code() >= 500) {
            // Never leak internals; the log has the details.
            return "An unexpected error occurred";
        }
        if (response.code() == 400) {
            // The framework's messages name internal classes; say what is wrong in the client's terms.
            return "The request could not be read: malformed JSON, or a value of the wrong type in the body, path "
                    + "or query";
        }
        return context.getErrors().stream().map(Error::getMessage).findFirst().orElse(response.reason());
    }
}
