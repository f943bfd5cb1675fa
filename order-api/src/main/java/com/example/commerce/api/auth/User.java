package com.example.commerce.api.auth;

import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

@MappedEntity("users")
public record User(
        @Id @GeneratedValue Long id,
        String username,
        String passwordHash,
        Role role,
        @DateCreated(truncatedTo = ChronoUnit.MICROS) Instant createdAt) {
}
