package com.example.commerce.api.auth;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.error.ProblemRenderer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.time.Duration;
import java.util.Map;

/**
 * Limits sign-up and log-in attempts per client address (see {@link AttemptLimits}): password guessing and mass
 * account creation get 429 with {@code Retry-After} before any BCrypt work. Runs before the security filter, so
 * that the log-in endpoint is covered too. The client address is {@link ClientAddress}'s (API Gateway's source IP on
 * Lambda).
 */
@ServerFilter(value = {"/login", "/api/auth/signup"}, methods = HttpMethod.POST)
public class AttemptLimitFilter implements Ordered {

    private final AttemptLimiter limiter;
    private final ClientAddress addresses;
    private final ProblemRenderer problems;

    public AttemptLimitFilter(AttemptLimiter limiter, ClientAddress addresses, ProblemRenderer problems) {
        this.limiter = limiter;
        this.addresses = addresses;
        this.problems = problems;
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> limitAttempts(HttpRequest<?> request) {
        var action = request.getPath().equals("/login") ? AttemptLimiter.Action.LOGIN : AttemptLimiter.Action.SIGNUP;
        Duration retryAfter = limiter.attempt(action, addresses.of(request));
        if (retryAfter.isZero()) {
            return null;
        }
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        var problem = ApiException.tooManyRequests("too-many-attempts",
                "too many " + action.name().toLowerCase() + " attempts from this address; retry in " + seconds + " s",
                Map.of("action", action.name(), "limit", limiter.max(action), "retryAfterSeconds", seconds));
        return problems.handle(request, problem).toMutableResponse().header("Retry-After", String.valueOf(seconds));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }
}
