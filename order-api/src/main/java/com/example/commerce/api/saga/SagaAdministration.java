package com.example.commerce.api.saga;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.order.Order;
import com.example.commerce.api.order.OrderRepository;
import com.example.commerce.api.order.OrderStatus;
import com.example.commerce.api.order.OrderTransitions;
import com.example.commerce.api.order.OrderView;
import com.example.commerce.api.order.OrderViews;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What administrators do to orders and their sagas: cancel, ship, deliver, and retry a STUCK compensation. */
@Singleton
public class SagaAdministration {

    private final OrderRepository orders;
    private final OrderTransitions transitions;
    private final OrderViews views;
    private final SagaStateRepository sagas;
    private final SagaStepRepository steps;
    private final SagaHistory history;
    private final Cancellations cancellations;
    private final Compensation compensation;
    private final TransactionOperations<Connection> transactions;
    private final SagaConfiguration config;

    public SagaAdministration(OrderRepository orders, OrderTransitions transitions, OrderViews views,
                              SagaStateRepository sagas, SagaStepRepository steps, SagaHistory history,
                              Cancellations cancellations, Compensation compensation,
                              TransactionOperations<Connection> transactions, SagaConfiguration config) {
        this.orders = orders;
        this.transitions = transitions;
        this.views = views;
        this.sagas = sagas;
        this.steps = steps;
        this.history = history;
        this.cancellations = cancellations;
        this.compensation = compensation;
        this.transactions = transactions;
        this.config = config;
    }

    public OrderView cancel(long orderId) {
        return cancellations.cancelByAdmin(orderId);
    }

    /** A PAID order whose shipment is SCHEDULED goes to the carrier: SHIPPED, ORDER_SHIPPED. */
    public OrderView ship(long orderId) {
        return transactions.executeWrite(tx -> {
            Order order = lock(orderId);
            if (order.status() != OrderStatus.PAID) {
                throw OrderTransitions.invalid(order, order.status() == OrderStatus.PENDING
                        ? "cannot be shipped: it is not paid" : "cannot be shipped");
            }
            SagaState saga = sagas.lockOrCreate(orderId);
            if (!"SCHEDULED".equals(saga.shipmentStatus())) {
                throw OrderTransitions.invalid(order, "cannot be shipped yet: its shipment is not scheduled");
            }
            Order shipped = transitions.transition(order, OrderStatus.SHIPPED, null);
            history.record(orderId, Steps.ORDER_SHIPPED, Steps.DONE, saga.shipmentReference());
            return views.of(shipped);
        });
    }

    /** A SHIPPED order was delivered: DELIVERED, ORDER_DELIVERED, and its saga is COMPLETED. */
    public OrderView deliver(long orderId) {
        return transactions.executeWrite(tx -> {
            Order order = lock(orderId);
            OrderTransitions.requireTransition(order, OrderStatus.DELIVERED);
            Order delivered = transitions.transition(order, OrderStatus.DELIVERED, null);
            SagaState saga = sagas.lockOrCreate(orderId);
            sagas.store(saga.withStatus(SagaStatus.COMPLETED).atStep(null, null));
            history.record(orderId, Steps.ORDER_DELIVERED, Steps.DONE, null);
            return views.of(delivered);
        });
    }

    /** Sagas, optionally of one status, least recently changed first. */
    public Page<SagaView> list(@Nullable SagaStatus status, Pageable pageable) {
        return transactions.executeRead(tx -> {
            Page<SagaState> page = status == null ? sagas.findAll(pageable) : sagas.findByStatus(status, pageable);
            return Page.of(views(page.getContent()), page.getPageable(), page.getTotalSize());
        });
    }

    /** A STUCK saga tries its step again now, with a fresh attempt count (else 409 with its status). */
    public SagaView retry(long orderId) {
        transactions.executeWrite(tx -> {
            lock(orderId);
            SagaState saga = sagas.findByIdForUpdate(orderId)
                    .orElseThrow(() -> ApiException.notFound("saga of order", orderId));
            if (saga.status() != SagaStatus.STUCK) {
                throw ApiException.conflict("saga-not-stuck", "the saga of order " + orderId + " is "
                        + saga.status() + "; only a STUCK saga is retried", Map.of("currentStatus",
                        saga.status().name()));
            }
            // Leased, as the consumer leases a step it takes after its commit: the timer must not take the same step
            // while this request's attempt is at the gateway. Should the attempt fail, the timer retries it then.
            sagas.store(saga.withStatus(SagaStatus.COMPENSATING)
                    .atStep(saga.step(), Instant.now().plus(config.lease())));
            history.record(orderId, Steps.RETRY, Steps.DONE, "step " + saga.step() + " retried by an administrator");
            return null;
        });
        compensation.advance(orderId);
        return get(orderId);
    }

    public SagaView get(long orderId) {
        return transactions.executeRead(tx -> views(List.of(sagas.findById(orderId)
                .orElseThrow(() -> ApiException.notFound("saga of order", orderId)))).get(0));
    }

    private List<SagaView> views(List<SagaState> page) {
        if (page.isEmpty()) {
            return List.of();
        }
        List<Long> ids = page.stream().map(SagaState::orderId).toList();
        Map<Long, String> statusOf = new HashMap<>();
        orders.findByIdIn(ids).forEach(order -> statusOf.put(order.id(), order.status().name()));
        Map<Long, List<SagaStep>> historyOf = new HashMap<>();
        steps.findStepsOf(ids).forEach(step -> historyOf.computeIfAbsent(step.orderId(), id -> new ArrayList<>())
                .add(step));
        return page.stream().map(saga -> SagaView.of(saga, statusOf.getOrDefault(saga.orderId(), "UNKNOWN"),
                historyOf.getOrDefault(saga.orderId(), List.of()))).toList();
    }

    private Order lock(long orderId) {
        return orders.findByIdForUpdate(orderId).orElseThrow(() -> ApiException.notFound("order", orderId));
    }
}
