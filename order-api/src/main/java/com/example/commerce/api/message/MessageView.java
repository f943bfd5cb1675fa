package com.example.commerce.api.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/** A message as members read it. {@code content} is the text as written: clients show it as text, never as markup. */
@Serdeable
public record MessageView(long id, long channelId, long authorId, String content, List<Mention> mentions,
                          List<AttachmentRequest> attachments, Instant createdAt, @Nullable Instant editedAt) {
}
