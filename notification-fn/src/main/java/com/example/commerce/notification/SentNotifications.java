package com.example.commerce.notification;

import com.example.commerce.contract.notification.NotificationEventType;
import com.example.commerce.contract.notification.NotificationSentPayload;
import com.example.commerce.notifications.NotificationRepository;
import com.example.commerce.outbox.Outbox;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.util.UUID;

/**
 * Writes NOTIFICATION_SENT (platform.notifications.sent, keyed by user id) for a notification just created, through
 * the outbox in the notification's transaction: the event exists if and only if the notification does, and a
 * redelivered source event, which creates no notification, writes no event either.
 */
@Singleton
class SentNotifications {

    private final NotificationRepository notifications;
    private final Outbox outbox;

    SentNotifications(NotificationRepository notifications, Outbox outbox) {
        this.notifications = notifications;
        this.outbox = outbox;
    }

    /** @param sourceId the source id the notification was inserted with, in this transaction */
    @Transactional(Transactional.TxType.MANDATORY)
    void sent(UUID sourceId) {
        var notification = notifications.findBySourceEventId(sourceId).orElseThrow(() ->
                new IllegalStateException("no notification of source " + sourceId + " in this transaction"));
        // A notification never changes: its id, which grows with the user's notifications, is the version.
        outbox.append(NotificationEventType.NOTIFICATION_SENT, String.valueOf(notification.userId()),
                notification.id(), new NotificationSentPayload(notification.id(), notification.userId(),
                        notification.type(), notification.orderId(), notification.channelId(),
                        notification.messageId(), notification.createdAt()));
    }
}
