package com.example.commerce.api.error;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * A body sent as {@code application/x-www-form-urlencoded} (the log-in form) that is not one, such as a stray
 * {@code %} that starts no escape: Netty's decoder refuses it while the route reads its body, and without this
 * handler that refusal was a 500.
 */
@Singleton
@Requires(classes = HttpPostRequestDecoder.class)
@Produces(Problem.CONTENT_TYPE)
public class MalformedFormProblems
        implements ExceptionHandler<HttpPostRequestDecoder.ErrorDataDecoderException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request,
                                        HttpPostRequestDecoder.ErrorDataDecoderException exception) {
        var problem = new Problem("urn:commerce:problem:malformed-body", HttpStatus.BAD_REQUEST.getReason(), 400,
                "The body is not valid application/x-www-form-urlencoded (a % must start a two-digit hex escape)",
                request.getPath(), null, Map.of());
        return HttpResponse.<Problem>badRequest().body(problem).contentType(Problem.CONTENT_TYPE);
    }
}
