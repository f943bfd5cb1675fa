package com.example.commerce.api.saga;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.order.CancellationReason;
import com.example.commerce.api.order.Order;
import com.example.commerce.api.order.OrderRepository;
import com.example.commerce.api.order.OrderStatus;
import com.example.commerce.api.order.OrderTransitions;
import com.example.commerce.api.order.OrderView;
import com.example.commerce.api.order.OrderViews;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.sql.Connection;

/**
 * Cancelling an order (by its owner, an administrator, the inventory's rejection or the payment time-out) starts
 * the compensation: the order becomes CANCELLED with its reason, the saga COMPENSATING at its first step (the
 * shipping participant cancels the shipment on ORDER_CANCELLED).
 */
@Singleton
public class Cancellations {

    private final OrderRepository orders;
    private final OrderTransitions transitions;
    private final OrderViews views;
    private final SagaStateRepository sagas;
    private final SagaHistory history;
    private final TransactionOperations<Connection> transactions;

    public Cancellations(OrderRepository orders, OrderTransitions transitions, OrderViews views,
                         SagaStateRepository sagas, SagaHistory history,
                         TransactionOperations<Connection> transactions) {
        this.orders = orders;
        this.transitions = transitions;
        this.views = views;
        this.sagas = sagas;
        this.history = history;
        this.transactions = transactions;
    }

    /** The owner's cancellation; another user's order is 404. */
    public OrderView cancelByUser(long userId, long orderId) {
        return transactions.executeWrite(tx -> views.of(cancel(orders.findByIdAndUserIdForUpdate(orderId, userId)
                .orElseThrow(() -> ApiException.notFound("order", orderId)), CancellationReason.USER)));
    }

    public OrderView cancelByAdmin(long orderId) {
        return transactions.executeWrite(tx -> views.of(cancel(orders.findByIdForUpdate(orderId)
                .orElseThrow(() -> ApiException.notFound("order", orderId)), CancellationReason.ADMIN)));
    }

    /** Cancels the locked order, which must be PENDING or PAID (else 409 with its current status). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Order cancel(Order locked, CancellationReason reason) {
        if (locked.status() != OrderStatus.PENDING && locked.status() != OrderStatus.PAID) {
            throw OrderTransitions.invalid(locked, "cannot be cancelled");
        }
        Order cancelled = transitions.transition(locked, OrderStatus.CANCELLED, reason);
        SagaState saga = sagas.lockOrCreate(locked.id());
        sagas.store(saga.withStatus(SagaStatus.COMPENSATING).atStep(Steps.CANCEL_SHIPMENT, null));
        history.record(locked.id(), Steps.ORDER_CANCELLED, Steps.DONE, reason.name());
        return cancelled;
    }
}
