package com.example.commerce.notification;

import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.contract.order.OrderPayload;
import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/**
 * The part of an order event that a notification needs (read by {@link OrderEventParser}).
 *
 * @param cancellationReason why a cancelled order was cancelled; null otherwise and in events written before the
 *                           saga
 */
public record OrderEvent(UUID eventId, OrderEventType type, long orderId, long userId, long totalAmount,
                         @Nullable String previousStatus, @Nullable String cancellationReason)
        implements NotifiableEvent {

    static OrderEvent of(ConsumedEvent<OrderEventType, OrderPayload> event) {
        OrderPayload order = event.payload();
        return new OrderEvent(event.eventId(), event.type(), order.orderId(), order.userId(), order.totalAmount(),
                order.previousStatus(), order.cancellationReason());
    }

    /** The envelope's eventType. */
    @Override
    public String eventType() {
        return type.name();
    }
}
