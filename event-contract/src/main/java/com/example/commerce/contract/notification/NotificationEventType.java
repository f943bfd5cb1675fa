package com.example.commerce.contract.notification;

import com.example.commerce.contract.EventFamily;
import com.example.commerce.contract.EventType;
import com.example.commerce.contract.Topics;

import java.util.Optional;

/**
 * The event type of topic platform.notifications.sent, written by notification-fn: one event per notification it
 * created, keyed by the user it is for (aggregate type {@value #AGGREGATE_TYPE}). A notification is created once
 * and never changes: {@code aggregateVersion} is the notification's id, which grows with every notification of the
 * user. The payload is a {@link NotificationSentPayload}.
 */
public enum NotificationEventType implements EventType {

    /** A notification was created for the user (an order's, a payment's or a mention). */
    NOTIFICATION_SENT;

    public static final String AGGREGATE_TYPE = "UserNotifications";
    private static final EventFamily FAMILY = new EventFamily(Topics.NOTIFICATIONS_SENT, AGGREGATE_TYPE);

    @Override
    public EventFamily family() {
        return FAMILY;
    }

    /** The type named by an envelope's eventType, or empty if the topic has no such type. */
    public static Optional<NotificationEventType> named(String eventType) {
        return EventType.named(NotificationEventType.class, eventType);
    }
}
