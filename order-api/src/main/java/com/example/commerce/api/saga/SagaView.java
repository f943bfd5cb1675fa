package com.example.commerce.api.saga;

import com.example.commerce.api.order.OrderView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * An order's saga as an operator sees it.
 *
 * @param step          the compensation step waited for or retried (CANCEL_SHIPMENT, REFUND, RELEASE_STOCK)
 * @param attempts      failed attempts of that step
 * @param nextAttemptAt when the step is tried again; null when it waits for an event or an operator
 */
@Serdeable
public record SagaView(long orderId, String orderStatus, SagaStatus status, @Nullable String step, int attempts,
                       @Nullable Instant nextAttemptAt, @Nullable String lastError, @Nullable String stockStatus,
                       @Nullable String shipmentStatus, List<OrderView.StepView> history, Instant updatedAt) {

    static SagaView of(SagaState saga, String orderStatus, List<SagaStep> history) {
        return new SagaView(saga.orderId(), orderStatus, saga.status(), saga.step(), saga.attempts(),
                saga.nextAttemptAt(), saga.lastError(), saga.stockStatus(), saga.shipmentStatus(),
                history.stream().map(OrderView.StepView::of).toList(), saga.updatedAt());
    }
}
