package com.example.commerce.api.notification;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A user's notification, written by notification-fn; the API reads it and marks it read. */
@MappedEntity("notifications")
public record Notification(
        @Id @GeneratedValue Long id,
        long userId,
        @Nullable Long orderId,
        String type,
        String message,
        UUID sourceEventId,
        @Nullable Instant readAt,
        Instant createdAt) {
}
