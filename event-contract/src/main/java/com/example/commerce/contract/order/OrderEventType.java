package com.example.commerce.contract.order;

import com.example.commerce.contract.EventFamily;
import com.example.commerce.contract.EventType;
import com.example.commerce.contract.Topics;

import java.util.Optional;

/**
 * The event types of topic order-events, each with an {@link OrderPayload}: the order after the change. The order
 * aggregate is the fulfilment saga's orchestrator: besides its own status changes it publishes the one request its
 * compensation makes of the inventory ({@link #STOCK_RELEASE_REQUESTED}).
 */
public enum OrderEventType implements EventType {

    ORDER_CREATED,
    ORDER_PAID,
    /**
     * With previousStatus PAID, a refund: sales metrics subtract it. Carries the cancellationReason; starts the
     * compensation (the shipment is cancelled first).
     */
    ORDER_CANCELLED,
    /** An administrator handed the shipment to the carrier. */
    ORDER_SHIPPED,
    /** The carrier delivered the shipment. */
    ORDER_DELIVERED,
    /**
     * The last compensation step of a cancelled order: the shipment is cancelled and a captured payment refunded,
     * so the inventory returns whatever the order still holds. Status stays CANCELLED.
     */
    STOCK_RELEASE_REQUESTED;

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
            case OrderPayload.SHIPPED -> ORDER_SHIPPED;
            case OrderPayload.DELIVERED -> ORDER_DELIVERED;
            default -> throw new IllegalArgumentException("no order event brings an order into " + status);
        };
    }
}
