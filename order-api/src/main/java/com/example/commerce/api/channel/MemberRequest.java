package com.example.commerce.api.channel;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Whom the owner adds to the channel. */
@Serdeable
public record MemberRequest(@NotBlank @Size(max = 64) String username) {
}
