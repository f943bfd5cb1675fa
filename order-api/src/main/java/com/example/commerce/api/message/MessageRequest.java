package com.example.commerce.api.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * A message as its author sends it. The content's length (1-4,000 characters) is checked by {@link MessageService},
 * so that empty and oversized content get one problem type.
 */
@Serdeable
public record MessageRequest(@Nullable String content,
                             @Nullable @Size(max = 10) List<@Valid AttachmentRequest> attachments) {
}
