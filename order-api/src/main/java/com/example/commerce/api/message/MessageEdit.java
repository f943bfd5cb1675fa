package com.example.commerce.api.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** An edit: the new content (attachments stay as posted). */
@Serdeable
public record MessageEdit(@Nullable String content) {
}
