package com.example.commerce.api.catalog;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A product as an administrator sends it. Price is an integer in the smallest currency unit. {@code status} is
 * optional: a new product is ACTIVE; an update keeps the current status unless one is given.
 */
@Serdeable
public record ProductRequest(
        @NotBlank @Size(max = 200) String name,
        @Nullable @Size(max = 5000) String description,
        @NotBlank @Size(max = 100) String category,
        @NotBlank @Size(max = 100) String brand,
        @NotNull @PositiveOrZero @Max(1_000_000_000_000L) Long price,
        @Nullable ProductStatus status) {

    String descriptionOrEmpty() {
        return description == null ? "" : description;
    }
}
