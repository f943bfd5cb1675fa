package com.example.commerce.api.error;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * A database that cannot be reached answers 503 problem+json with {@code Retry-After}, not 500: the request may
 * succeed if sent again (creates carry an Idempotency-Key for exactly that). The pool's short connection time-out
 * ({@code datasources.default.connection-timeout}) makes this answer come fast instead of after a hang. Any other
 * failure of the same type stays a 500, as without this handler. One subclass per exception type the data layer
 * throws, because those types share no ancestor below {@link RuntimeException}.
 */
abstract class DatabaseFailureHandler<E extends RuntimeException> implements ExceptionHandler<E, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseFailureHandler.class);

    private final ProblemRenderer problems;
    private final long retryAfterSeconds;

    DatabaseFailureHandler(ProblemRenderer problems,
                           @Value("${commerce.api.database-retry-after:2s}") Duration retryAfter) {
        this.problems = problems;
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, E exception) {
        if (!DatabaseFailure.isUnavailable(exception)) {
            LOG.error("Unexpected error on {} {}", request.getMethod(), request.getPath(), exception);
            return problems.processResponse(ErrorContext.builder(request).cause(exception).build(),
                    HttpResponse.serverError());
        }
        // One line per request: during an outage every request fails the same way.
        LOG.warn("Database unavailable on {} {}: {}", request.getMethod(), request.getPath(), rootMessage(exception));
        var unavailable = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "urn:commerce:problem:service-unavailable",
                "The service is unavailable at the moment; try again shortly", Map.of());
        return problems.handle(request, unavailable).toMutableResponse()
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
