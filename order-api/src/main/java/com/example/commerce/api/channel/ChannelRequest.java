package com.example.commerce.api.channel;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new channel: its name and whether it is private (members only; public when absent). */
@Serdeable
public record ChannelRequest(
        @NotBlank @Size(max = 100)
        @Pattern(regexp = "(?s)[^\\u0000\\p{Cs}]*", message = "must not contain NUL characters or unpaired surrogates")
        String name,
        @JsonProperty("private") @Nullable Boolean isPrivate) {
}
