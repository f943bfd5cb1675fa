package com.example.commerce.api.error;

import io.micronaut.http.HttpStatus;

import java.util.Map;

/**
 * A failure the API reports to its caller as a problem: the status, a stable problem type, a human-readable
 * detail and machine-readable context. Thrown by services; rendered by {@link ProblemRenderer}.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final Map<String, Object> context;

    public ApiException(HttpStatus status, String type, String detail, Map<String, Object> context) {
        super(detail);
        this.status = status;
        this.type = type;
        this.context = Map.copyOf(context);
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(HttpStatus.NOT_FOUND, "urn:commerce:problem:not-found",
                what + " " + id + " does not exist", Map.of());
    }

    public static ApiException conflict(String type, String detail, Map<String, Object> context) {
        return new ApiException(HttpStatus.CONFLICT, "urn:commerce:problem:" + type, detail, context);
    }

    public static ApiException unprocessable(String type, String detail, Map<String, Object> context) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "urn:commerce:problem:" + type, detail, context);
    }

    public static ApiException badRequest(String type, String detail, Map<String, Object> context) {
        return new ApiException(HttpStatus.BAD_REQUEST, "urn:commerce:problem:" + type, detail, context);
    }

    public static ApiException forbidden(String type, String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "urn:commerce:problem:" + type, detail, Map.of());
    }

    public static ApiException unauthorized(String type, String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "urn:commerce:problem:" + type, detail, Map.of());
    }

    public static ApiException tooManyRequests(String type, String detail, Map<String, Object> context) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "urn:commerce:problem:" + type, detail, context);
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public Map<String, Object> context() {
        return context;
    }

    /** Expected outcomes, not faults: no stack trace needed. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
