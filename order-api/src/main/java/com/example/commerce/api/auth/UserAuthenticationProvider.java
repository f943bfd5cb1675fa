package com.example.commerce.api.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * Checks username and password for {@code POST /login}. The token carries the user's id (claim {@value #USER_ID})
 * so that requests never look the user up again. An executor provider: the database lookup and the BCrypt check
 * run on the blocking executor, never on an event loop, and an unexpected failure is a 500, not a 401 that
 * quotes it.
 */
@Singleton
public class UserAuthenticationProvider<B> implements HttpRequestExecutorAuthenticationProvider<B> {

    public static final String USER_ID = "uid";

    private final UserService users;

    public UserAuthenticationProvider(UserService users) {
        this.users = users;
    }

    @Override
    public AuthenticationResponse authenticate(HttpRequest<B> request,
                                               AuthenticationRequest<String, String> credentials) {
        if (credentials.getIdentity() == null || credentials.getSecret() == null) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        return users.authenticate(credentials.getIdentity(), credentials.getSecret())
                .map(user -> AuthenticationResponse.success(user.username(), List.of(user.role().name()),
                        Map.of(USER_ID, user.id())))
                .orElseGet(() -> AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH));
    }
}
