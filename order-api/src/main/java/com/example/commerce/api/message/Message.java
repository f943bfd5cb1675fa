package com.example.commerce.api.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A message as stored: {@code mentions} and {@code attachments} are JSON text ({@link Mention} and
 * {@link AttachmentRequest} lists) that only this package writes and reads.
 */
@MappedEntity("messages")
public record Message(
        @Id @GeneratedValue Long id,
        long channelId,
        long authorId,
        String content,
        String mentions,
        String attachments,
        @DateCreated(truncatedTo = ChronoUnit.MICROS) Instant createdAt,
        @Nullable Instant editedAt) {

    Message edited(String content, String mentions, Instant at) {
        return new Message(id, channelId, authorId, content, mentions, attachments, createdAt, at);
    }
}
