package com.example.commerce.notification;

import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.contract.order.OrderPayload;
import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/** The part of an order event that a notification needs (read by {@link OrderEventParser}). */
public record OrderEvent(UUID eventId, OrderEventType type, long orderId, long userId, long totalAmount,
                         @Nullable String previousStatus) {

    static OrderEvent of(ConsumedEvent<OrderEventType, OrderPayload> event) {
        OrderPayload order = event.payload();
        return new OrderEvent(event.eventId(), event.type(), order.orderId(), order.userId(), order.totalAmount(),
                order.previousStatus());
    }

    /** The envelope's eventType. */
    public String eventType() {
        return type.name();
    }

    /** A cancelled order that had been paid: the customer gets a refund. */
    boolean isRefund() {
        return type == OrderEventType.ORDER_CANCELLED && OrderPayload.PAID.equals(previousStatus);
    }
}
