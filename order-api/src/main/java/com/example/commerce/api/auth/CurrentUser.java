package com.example.commerce.api.auth;

import io.micronaut.security.authentication.Authentication;

/** The authenticated caller, as carried by the access token. */
public record CurrentUser(long id, String username, boolean admin) {

    public static CurrentUser of(Authentication authentication) {
        Object id = authentication.getAttributes().get(UserAuthenticationProvider.USER_ID);
        return new CurrentUser(((Number) id).longValue(), authentication.getName(),
                authentication.getRoles().contains(Role.ADMIN.name()));
    }
}
