package com.example.commerce.api.auth;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import jakarta.validation.Valid;

/** Sign-up. Log-in is Micronaut Security's {@code POST /login}, backed by {@link UserAuthenticationProvider}. */
@Controller("/api/auth")
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuthController {

    private final UserService users;

    public AuthController(UserService users) {
        this.users = users;
    }

    @Post("/signup")
    public HttpResponse<UserView> signup(@Valid @Body SignupRequest request) {
        return HttpResponse.created(UserView.of(users.signup(request.username(), request.password(), Role.USER)));
    }
}
