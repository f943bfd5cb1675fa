package com.example.commerce.api.order;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** Event types and payload of topic order-events (aggregate type {@value #AGGREGATE_TYPE}). */
public final class OrderEvents {

    public static final String AGGREGATE_TYPE = "Order";
    public static final String ORDER_CREATED = "ORDER_CREATED";
    public static final String ORDER_PAID = "ORDER_PAID";
    public static final String ORDER_CANCELLED = "ORDER_CANCELLED";

    private OrderEvents() {
    }

    /**
     * The order after the change. {@code previousStatus} is the status before it (null on creation): a
     * cancellation of a PAID order is a refund, which sales metrics subtract.
     */
    @Serdeable
    public record OrderPayload(long orderId, long userId, OrderStatus status, @Nullable OrderStatus previousStatus,
                               long totalAmount, List<OrderView.Line> items) {

        static OrderPayload of(Order order, @Nullable OrderStatus previousStatus, List<OrderItem> items) {
            return new OrderPayload(order.id(), order.userId(), order.status(), previousStatus, order.totalAmount(),
                    items.stream().map(OrderView.Line::of).toList());
        }
    }

    static String eventTypeFor(OrderStatus status) {
        return switch (status) {
            case PENDING -> ORDER_CREATED;
            case PAID -> ORDER_PAID;
            case CANCELLED -> ORDER_CANCELLED;
        };
    }
}
