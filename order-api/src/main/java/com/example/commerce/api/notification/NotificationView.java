package com.example.commerce.api.notification;

import com.example.commerce.notifications.Notification;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;

@Serdeable
public record NotificationView(long id, String type, @Nullable Long orderId, String message, boolean read,
                               @Nullable Instant readAt, Instant createdAt, @Nullable Long channelId,
                               @Nullable Long messageId) {

    static NotificationView of(Notification n) {
        return new NotificationView(n.id(), n.type(), n.orderId(), n.message(), n.readAt() != null, n.readAt(),
                n.createdAt(), n.channelId(), n.messageId());
    }
}
