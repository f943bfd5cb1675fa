package com.example.commerce.api.message;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** An attachment's metadata: the platform stores no file, only where it is and what it is. */
@Serdeable
public record AttachmentRequest(
        @NotBlank @Size(max = 255) @Pattern(regexp = STORABLE, message = STORABLE_MESSAGE) String name,
        @NotNull @PositiveOrZero @Max(10_000_000_000L) Long size,
        @NotBlank @Size(max = 100) @Pattern(regexp = "[\\w.+-]+/[\\w.+-]+", message = "must be a media type such as image/png")
        String contentType,
        @NotBlank @Size(max = 2000) @Pattern(regexp = "https?://[^\\s\\u0000]+", message = "must be an http or https URL")
        String url) {

    static final String STORABLE = "(?s)[^\\u0000\\p{Cs}]*";
    static final String STORABLE_MESSAGE = "must not contain NUL characters or unpaired surrogates";
}
