package com.example.commerce.api.message;

import io.micronaut.serde.annotation.Serdeable;

/** A channel member the message mentions. */
@Serdeable
public record Mention(long userId, String username) {
}
