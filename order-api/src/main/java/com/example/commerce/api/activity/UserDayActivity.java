package com.example.commerce.api.activity;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** One user's counts of one day. */
@Introspected
@Serdeable
public record UserDayActivity(long userId, @Nullable String username, long logins, long joins,
                              long messagesPosted) {
}
