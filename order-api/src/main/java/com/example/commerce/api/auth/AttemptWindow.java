package com.example.commerce.api.auth;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A fixed window of attempts for one key ({@code "<scope>:<subject>"}), in table {@code attempt_windows}. */
@MappedEntity("attempt_windows")
record AttemptWindow(@Id String key, Instant windowStart, int attempts) {
}
