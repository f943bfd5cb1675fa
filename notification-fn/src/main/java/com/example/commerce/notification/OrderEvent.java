package com.example.commerce.notification;

import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/** The part of an order event that a notification needs, validated (see {@link OrderEventParser}). */
public record OrderEvent(UUID eventId, String eventType, long orderId, long userId, long totalAmount,
                         @Nullable String previousStatus) {

    public static final String ORDER_CREATED = "ORDER_CREATED";
    public static final String ORDER_PAID = "ORDER_PAID";
    public static final String ORDER_CANCELLED = "ORDER_CANCELLED";

    static boolean isHandled(String eventType) {
        return ORDER_CREATED.equals(eventType) || ORDER_PAID.equals(eventType) || ORDER_CANCELLED.equals(eventType);
    }

    /** A cancelled order that had been paid: the customer gets a refund. */
    boolean isRefund() {
        return ORDER_CANCELLED.equals(eventType) && "PAID".equals(previousStatus);
    }
}
