package com.example.commerce.api.auth;

import com.example.commerce.api.activity.UserActivity;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks username and password for {@code POST /login}. The token carries the user's id (claim {@value #USER_ID})
 * so that requests never look the user up again. An executor provider: the database lookup and the BCrypt check
 * run on the blocking executor, never on an event loop, and an unexpected failure is a 500, not a 401 that
 * quotes it. Failed log-ins are counted per username and per username and address ({@link AttemptLimiter}); past
 * the limit an address that failed on the username is refused before its password is checked.
 */
@Singleton
public class UserAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    public static final String USER_ID = "uid";

    private final UserService users;
    private final AttemptLimiter limiter;
    private final ClientAddress addresses;
    private final UserActivity activity;

    public UserAuthenticationProvider(UserService users, AttemptLimiter limiter, ClientAddress addresses,
                                      UserActivity activity) {
        this.users = users;
        this.addresses = addresses;
        this.limiter = limiter;
        this.activity = activity;
    }

    @Override
    public AuthenticationResponse authenticate(HttpRequest<B> request,
                                               AuthenticationRequest<String, String> credentials) {
        if (credentials.getIdentity() == null || credentials.getSecret() == null) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        String username = credentials.getIdentity();
        // Only a name sign-up could have accepted can belong to an account, and only those are counted.
        boolean countable = SignupRequest.isWellFormedUsername(username);
        if (countable) {
            Duration lockout = limiter.loginLockout(username, addresses.of(request));
            if (!lockout.isZero()) {
                // No BCrypt work for a locked username; AttemptLimitFilter answers 429 instead of this 401.
                request.setAttribute(AttemptLimitFilter.USERNAME_LOCKOUT, lockout);
                return AuthenticationResponse.failure(AuthenticationFailureReason.ACCOUNT_LOCKED);
            }
        }
        Optional<User> user = users.authenticate(username, credentials.getSecret());
        if (user.isEmpty()) {
            if (countable) {
                limiter.loginFailed(username, addresses.of(request));
            }
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        // Only a successful log-in is activity; a refused one wrote nothing above.
        activity.loggedIn(user.get().id());
        return AuthenticationResponse.success(user.get().username(), List.of(user.get().role().name()),
                Map.of(USER_ID, user.get().id()));
    }
}
