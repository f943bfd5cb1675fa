package com.example.commerce.api.notification;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.notifications.Notification;
import com.example.commerce.notifications.NotificationRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

@Singleton
public class NotificationService {

    private final NotificationRepository notifications;

    public NotificationService(NotificationRepository notifications) {
        this.notifications = notifications;
    }

    @Transactional
    public Page<Notification> list(long userId, Pageable pageable) {
        return notifications.findByUserId(userId, pageable);
    }

    /** Idempotent: marking a read notification again succeeds and changes nothing. */
    @Transactional
    public void markRead(long userId, long notificationId) {
        if (notifications.markRead(notificationId, userId) == 0
                && !notifications.existsByIdAndUserId(notificationId, userId)) {
            throw ApiException.notFound("notification", notificationId);
        }
    }
}
