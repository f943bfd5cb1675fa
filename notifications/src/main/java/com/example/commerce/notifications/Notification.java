package com.example.commerce.notifications;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's notification. notification-fn writes it, once per source event ({@code source_event_id} is unique), and
 * a MENTION once per mentioned user and message (with the channel and message ids); order-api lists it and marks it
 * read.
 */
@MappedEntity("notifications")
public record Notification(
        @Id @GeneratedValue Long id,
        long userId,
        @Nullable Long orderId,
        String type,
        String message,
        UUID sourceEventId,
        @Nullable Instant readAt,
        Instant createdAt,
        @Nullable Long channelId,
        @Nullable Long messageId) {
}
