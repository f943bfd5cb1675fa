package com.example.commerce.notifications;

import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/**
 * A notification to create ({@link NotificationInserts}): an order or payment notification has an order id, a
 * MENTION a channel and message id.
 */
public record NewNotification(long userId, @Nullable Long orderId, String type, String message, UUID sourceEventId,
                              @Nullable Long channelId, @Nullable Long messageId) {
}
