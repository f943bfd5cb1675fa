package com.example.commerce.api.order;

import com.example.commerce.api.payment.Payment;
import com.example.commerce.api.payment.PaymentRepository;
import com.example.commerce.api.saga.SagaState;
import com.example.commerce.api.saga.SagaStateRepository;
import com.example.commerce.api.saga.SagaStep;
import com.example.commerce.api.saga.SagaStepRepository;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads what an order's view shows besides the order: its lines, latest payment, shipment and history. */
@Singleton
public class OrderViews {

    private final OrderItemRepository items;
    private final PaymentRepository payments;
    private final SagaStateRepository sagas;
    private final SagaStepRepository steps;

    public OrderViews(OrderItemRepository items, PaymentRepository payments, SagaStateRepository sagas,
                      SagaStepRepository steps) {
        this.items = items;
        this.payments = payments;
        this.sagas = sagas;
        this.steps = steps;
    }

    public OrderView of(Order order) {
        return of(List.of(order)).get(0);
    }

    /** The view of an order whose lines and latest payment attempt the caller holds: reads its saga and history. */
    public OrderView of(Order order, List<OrderItem> lines, @Nullable Payment latestPayment) {
        List<Long> id = List.of(order.id());
        return OrderView.of(order, lines, latestPayment, sagas.findSagasOf(id).stream().findFirst().orElse(null),
                steps.findStepsOf(id));
    }

    /** The views of several orders, in the order given, with one query per kind of row. */
    public List<OrderView> of(List<Order> orders) {
        if (orders.isEmpty()) {
            return List.of();
        }
        List<Long> ids = orders.stream().map(Order::id).toList();
        Map<Long, List<OrderItem>> lines = new HashMap<>();
        items.findLinesOf(ids).forEach(line -> lines.computeIfAbsent(line.orderId(), id -> new ArrayList<>()).add(line));
        Map<Long, Payment> latest = payments.findLatestOf(ids).stream()
                .collect(Collectors.toMap(Payment::orderId, Function.identity()));
        Map<Long, SagaState> sagaOf = sagas.findSagasOf(ids).stream()
                .collect(Collectors.toMap(SagaState::orderId, Function.identity()));
        Map<Long, List<SagaStep>> history = new HashMap<>();
        steps.findStepsOf(ids).forEach(step -> history.computeIfAbsent(step.orderId(), id -> new ArrayList<>())
                .add(step));
        return orders.stream().map(order -> OrderView.of(order, lines.getOrDefault(order.id(), List.of()),
                latest.get(order.id()), sagaOf.get(order.id()), history.getOrDefault(order.id(), List.of())))
                .toList();
    }
}
