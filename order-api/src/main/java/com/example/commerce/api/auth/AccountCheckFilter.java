package com.example.commerce.api.auth;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.error.ProblemRenderer;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;

import java.util.Optional;

/**
 * An access token stays valid only while its user exists with the role the token names. The signature alone
 * would keep a deleted user's token working (and their writes failing on foreign keys) and keep a demoted
 * administrator an administrator until the token expires. One primary-key lookup per authenticated request, on
 * the blocking executor, after the security filter has read the token.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AccountCheckFilter implements Ordered {

    private final UserRepository users;
    private final ProblemRenderer problems;

    public AccountCheckFilter(UserRepository users, ProblemRenderer problems) {
        this.users = users;
        this.problems = problems;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> checkAccount(HttpRequest<?> request) {
        Optional<Authentication> authentication = request.getUserPrincipal(Authentication.class);
        if (authentication.isEmpty()) {
            return null;
        }
        if (!(authentication.get().getAttributes().get(UserAuthenticationProvider.USER_ID) instanceof Number)) {
            // Signed by us but not one of our access tokens (no user id): nothing to check it against.
            return problems.handle(request, ApiException.unauthorized("invalid-token",
                    "the token does not name a user"));
        }
        CurrentUser caller = CurrentUser.of(authentication.get());
        Optional<Role> role = users.findRoleById(caller.id());
        if (role.isEmpty()) {
            return problems.handle(request, ApiException.unauthorized("account-deleted",
                    "the account of this token no longer exists"));
        }
        if ((role.get() == Role.ADMIN) != caller.admin()) {
            return problems.handle(request, ApiException.unauthorized("stale-token",
                    "the account's role has changed since this token was issued; log in again"));
        }
        return null;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
