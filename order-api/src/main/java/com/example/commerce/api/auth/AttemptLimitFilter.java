package com.example.commerce.api.auth;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.error.ProblemRenderer;
import com.example.commerce.api.web.MatchedRoute;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits sign-up and log-in attempts per client address (see {@link AttemptLimits}): password guessing and mass
 * account creation get 429 with {@code Retry-After} before any BCrypt work. Runs before the security filter, so
 * that the log-in endpoint is covered too. The filter sees every POST and decides by the route the router matched,
 * so that no spelling of the path the router accepts ({@code /login/}) escapes it. The client address is
 * {@link ClientAddress}'s.
 * <p>
 * A log-in refused by the per-username limit ({@link UserAuthenticationProvider}) leaves the security filter as a
 * 401; it becomes the same 429 here.
 */
@ServerFilter(value = ServerFilter.MATCH_ALL_PATTERN, methods = HttpMethod.POST)
public class AttemptLimitFilter implements Ordered {

    static final String LOGIN_ROUTE = "/login";
    static final String SIGNUP_ROUTE = "/api/auth/signup";
    /** Request attribute: how long a username's log-ins are refused, set by the authentication provider. */
    static final String USERNAME_LOCKOUT = "commerce.auth.username-lockout";

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
        AttemptLimiter.Action action = MatchedRoute.is(request, LOGIN_ROUTE) ? AttemptLimiter.Action.LOGIN
                : MatchedRoute.is(request, SIGNUP_ROUTE) ? AttemptLimiter.Action.SIGNUP : null;
        if (action == null) {
            return null;
        }
        Duration retryAfter = limiter.attempt(action, addresses.of(request));
        if (retryAfter.isZero()) {
            return null;
        }
        return tooMany(request, retryAfter, "too many " + action.name().toLowerCase() + " attempts from this address",
                Map.of("action", action.name(), "limit", limiter.max(action)));
    }

    @ResponseFilter
    @Nullable
    public HttpResponse<?> usernameLockout(HttpRequest<?> request, HttpResponse<?> response) {
        Duration lockout = request.getAttribute(USERNAME_LOCKOUT, Duration.class).orElse(null);
        if (lockout == null || response.status() != HttpStatus.UNAUTHORIZED) {
            return null;
        }
        return tooMany(request, lockout, "too many failed log-ins for this username",
                Map.of("action", "LOGIN", "scope", "username", "limit", limiter.maxLoginFailuresPerUsername()));
    }

    private HttpResponse<?> tooMany(HttpRequest<?> request, Duration retryAfter, String what,
                                    Map<String, Object> context) {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        var withRetry = new LinkedHashMap<String, Object>(context);
        withRetry.put("retryAfterSeconds", seconds);
        var problem = ApiException.tooManyRequests("too-many-attempts", what + "; retry in " + seconds + " s",
                withRetry);
        return problems.handle(request, problem).toMutableResponse().header("Retry-After", String.valueOf(seconds));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }
}
