package com.example.commerce.api.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * A channel's messages, newest first. {@code nextBefore} is the cursor of the next (older) page: pass it as
 * {@code before}; null when there is none.
 */
@Serdeable
public record MessagePage(List<MessageView> items, @Nullable Long nextBefore) {
}
