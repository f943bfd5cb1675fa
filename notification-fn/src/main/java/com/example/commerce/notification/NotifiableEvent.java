package com.example.commerce.notification;

import java.util.UUID;

/**
 * An event a customer may be told about: an order event ({@link OrderEvent}) or a payment event
 * ({@link PaymentEvent}). Whether it gets a notification, and which, is {@link NotificationTemplates}' decision.
 */
public sealed interface NotifiableEvent permits OrderEvent, PaymentEvent {

    UUID eventId();

    /** The envelope's eventType, also the notification's type. */
    String eventType();

    long orderId();

    /** Whom the notification is for. */
    long userId();
}
