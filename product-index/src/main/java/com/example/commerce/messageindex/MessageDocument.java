package com.example.commerce.messageindex;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * A message as search sees it, built from its platform.messages event alone. {@code version} is the channel's
 * aggregate version of that event, the document's external version: it grows with every event of the channel, so
 * a late or replayed event never overwrites a newer state of the message. A deleted message stays as a document
 * without content ({@code deleted}), which search never shows: unlike a delete's tombstone, it never expires, so a
 * replayed creation can never bring the message back. Times are ISO-8601 strings.
 */
@Serdeable
public record MessageDocument(long id, long channelId, long authorId, @Nullable String content,
                              List<String> attachmentNames, List<Long> mentions, boolean deleted, String createdAt,
                              @Nullable String editedAt, long version) {
}
