package com.example.commerce.contract.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * A message after the change.
 *
 * @param content     as the author wrote it (plain text, never rendered); null once deleted
 * @param mentions    the ids of the channel members the content mentions ({@code @username}), the author excluded;
 *                    empty once deleted
 * @param attachments metadata only (no file storage); empty once deleted
 * @param editedAt    when it was last edited; null if never
 */
@Serdeable
public record MessagePayload(long messageId, long channelId, long authorId, @Nullable String content,
                             List<Long> mentions, List<Attachment> attachments, Instant createdAt,
                             @Nullable Instant editedAt) implements ChannelPayload {

    /** A file the message refers to: where it is, what it is; the platform stores no file. */
    @Serdeable
    public record Attachment(String name, long size, String contentType, String url) {
    }
}
