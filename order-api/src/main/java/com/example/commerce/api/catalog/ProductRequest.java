package com.example.commerce.api.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A product as an administrator sends it. Price is an integer in the smallest currency unit. {@code status} is
 * optional: a new product is ACTIVE; an update keeps the current status unless one is given.
 */
@Serdeable
public record ProductRequest(
        @NotBlank @Size(max = 200) @Pattern(regexp = STORABLE_TEXT, message = STORABLE_MESSAGE) String name,
        @Nullable @Size(max = 5000) @Pattern(regexp = STORABLE_TEXT, message = STORABLE_MESSAGE) String description,
        @NotBlank @Size(max = 100) @Pattern(regexp = STORABLE_TEXT, message = STORABLE_MESSAGE) String category,
        @NotBlank @Size(max = 100) @Pattern(regexp = STORABLE_TEXT, message = STORABLE_MESSAGE) String brand,
        @NotNull @PositiveOrZero @Max(1_000_000_000_000L) Long price,
        @Nullable ProductStatus status) {

    /** No NUL characters and no unpaired UTF-16 surrogates: PostgreSQL text and jsonb cannot hold them. */
    static final String STORABLE_TEXT = "(?s)[^\\u0000\\p{Cs}]*";
    static final String STORABLE_MESSAGE = "must not contain NUL characters or unpaired surrogates";

    String descriptionOrEmpty() {
        return description == null ? "" : description;
    }
}
