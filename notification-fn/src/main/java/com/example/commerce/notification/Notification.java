package com.example.commerce.notification;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.util.UUID;

/** A user's notification, created once per order event (source_event_id is unique). */
@MappedEntity("notifications")
public record Notification(@Id @GeneratedValue Long id, long userId, @Nullable Long orderId, String type,
                           String message, UUID sourceEventId, @Nullable Instant readAt, Instant createdAt) {
}
