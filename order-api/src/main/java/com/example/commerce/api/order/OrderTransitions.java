package com.example.commerce.api.order;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.contract.order.OrderPayload;
import com.example.commerce.outbox.Outbox;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;

/**
 * The order's status changes and the events they publish, inside the caller's transaction and on an order row the
 * caller has locked. Shared by the order, payment and saga services.
 */
@Singleton
public class OrderTransitions {

    private final OrderRepository orders;
    private final OrderItemRepository items;
    private final Outbox outbox;

    public OrderTransitions(OrderRepository orders, OrderItemRepository items, Outbox outbox) {
        this.orders = orders;
        this.items = items;
        this.outbox = outbox;
    }

    /** 409 {@code invalid-order-transition} with the current status, if {@code current} cannot become {@code target}. */
    public static void requireTransition(Order current, OrderStatus target) {
        if (!current.status().canBecome(target)) {
            throw invalid(current, "cannot become " + target);
        }
    }

    /** 409 {@code invalid-order-transition} with the current status and a detail ending with {@code why}. */
    public static ApiException invalid(Order current, String why) {
        return ApiException.conflict("invalid-order-transition", "order " + current.id() + " is " + current.status()
                + " and " + why, Map.of("currentStatus", current.status().name()));
    }

    /** Moves the locked order to {@code target} and publishes the event of that status. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Order transition(Order current, OrderStatus target, @Nullable CancellationReason reason) {
        return transition(current, target, reason, items.findLinesOf(List.of(current.id())));
    }

    /** {@link #transition(Order, OrderStatus, CancellationReason)} with the order's lines the caller already read. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Order transition(Order current, OrderStatus target, @Nullable CancellationReason reason,
                            List<OrderItem> lines) {
        requireTransition(current, target);
        Order updated = orders.update(current.withStatus(target, reason));
        publish(OrderEventType.forStatus(target.name()), updated, current.status(), lines);
        return updated;
    }

    /** The last compensation step: asks the inventory to return what the cancelled order holds. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Order requestStockRelease(Order cancelled) {
        Order updated = orders.update(cancelled.nextVersion());
        publish(OrderEventType.STOCK_RELEASE_REQUESTED, updated, cancelled.status(),
                items.findLinesOf(List.of(cancelled.id())));
        return updated;
    }

    /** Writes the order's event; {@code lines} are the order's lines, as {@link OrderItemRepository#findLinesOf}. */
    void publish(OrderEventType type, Order order, @Nullable OrderStatus previousStatus, List<OrderItem> lines) {
        var payload = new OrderPayload(order.id(), order.userId(), order.status().name(),
                previousStatus == null ? null : previousStatus.name(), order.totalAmount(),
                lines.stream().map(item -> new OrderPayload.Line(item.productId(), item.productName(),
                        item.unitPrice(), item.quantity(), item.lineTotal())).toList(),
                order.cancellationReason() == null ? null : order.cancellationReason().name());
        outbox.append(type, String.valueOf(order.id()), order.version(), payload);
    }
}
