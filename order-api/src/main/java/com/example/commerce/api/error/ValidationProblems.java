package com.example.commerce.api.error;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.validation.exceptions.ConstraintExceptionHandler;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** A 400 problem listing every invalid field of the request, by the name the client used, and why. */
@Singleton
@Replaces(ConstraintExceptionHandler.class)
@Produces(Problem.CONTENT_TYPE)
public class ValidationProblems implements ExceptionHandler<ConstraintViolationException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, ConstraintViolationException exception) {
        List<Problem.FieldError> errors = exception.getConstraintViolations().stream()
                .map(violation -> new Problem.FieldError(field(violation), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        var problem = new Problem("urn:commerce:problem:validation", HttpStatus.BAD_REQUEST.getReason(), 400,
                "The request is not valid", request.getPath(), errors, Map.of());
        return HttpResponse.<Problem>badRequest().body(problem).contentType(Problem.CONTENT_TYPE);
    }

    /** "place.request.items[0].quantity" (method, parameter, field...) -> "items[0].quantity". */
    private static String field(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        String[] parts = path.split("\\.", 3);
        return parts.length == 3 ? parts[2] : parts[parts.length - 1];
    }
}
