package com.example.commerce.api.message;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * One page of message search. {@code highlightedContent} is escaped HTML with the matched words in
 * {@code <em>...</em>}; {@code content} is the text as written (show it as text).
 */
@Serdeable
public record MessageSearchResult(long total, int page, int size, List<Item> items) {

    @Serdeable
    public record Item(long id, long channelId, long authorId, String content, String highlightedContent,
                       Instant createdAt, @Nullable Instant editedAt, @Nullable Double score) {
    }
}
