package com.example.commerce.contract.order;

import com.example.commerce.contract.EventFamily;
import com.example.commerce.contract.EventType;
import com.example.commerce.contract.Topics;

import java.util.Optional;

/** The event types of topic order-events, each with an {@link OrderPayload}: the order after the change. */
public enum OrderEventType implements EventType {

    ORDER_CREATED,
    ORDER_PAID,
    /** With previousStatus PAID, a refund: sales metrics subtract it. */
    ORDER_CANCELLED;

    public static final String AGGREGATE_TYPE = "Order";
    private static final EventFamily FAMILY = new EventFamily(Topics.ORDER_EVENTS, AGGREGATE_TYPE);

    @Override
    public EventFamily family() {
        return FAMILY;
    }

    /** The type named by an envelope's eventType, or empty if the topic has no such type. */
    public static Optional<OrderEventType> named(String eventType) {
        return EventType.named(OrderEventType.class, eventType);
    }

    /** The event of a change that brought an order into {@code status} (one of {@link OrderPayload}'s statuses). */
    public static OrderEventType forStatus(String status) {
        return switch (status) {
            case OrderPayload.PENDING -> ORDER_CREATED;
            case OrderPayload.PAID -> ORDER_PAID;
            case OrderPayload.CANCELLED -> ORDER_CANCELLED;
            default -> throw new IllegalArgumentException("no order event brings an order into " + status);
        };
    }
}
