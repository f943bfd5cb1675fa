package com.example.commerce.contract.notification;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

/**
 * A notification as it was created.
 *
 * @param notificationId the notifications row's id
 * @param type           the notification's type: an order or payment event type, or {@code MENTION}
 * @param orderId        the order it is about; null for a mention
 * @param channelId      the channel of a mention; null otherwise
 * @param messageId      the message of a mention; null otherwise
 */
@Serdeable
public record NotificationSentPayload(long notificationId, long userId, String type, @Nullable Long orderId,
                                      @Nullable Long channelId, @Nullable Long messageId, Instant createdAt) {
}
