package com.example.commerce.api.auth;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

@Serdeable
public record UserView(long id, String username, Role role, Instant createdAt) {

    static UserView of(User user) {
        return new UserView(user.id(), user.username(), user.role(), user.createdAt());
    }
}
