package com.example.commerce.api.order;

import com.example.commerce.api.payment.Payment;
import com.example.commerce.api.saga.SagaState;
import com.example.commerce.api.saga.SagaStep;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

/**
 * An order as its owner sees it, with its latest payment attempt, its shipment and its saga's history.
 *
 * @param payment  the latest payment attempt, null before the first
 * @param shipment the shipment as shipping reported it, null until one is scheduled (or cancelled)
 * @param history  the saga's steps, oldest first
 */
@Serdeable
public record OrderView(long id, long userId, OrderStatus status, @Nullable CancellationReason cancellationReason,
                        long totalAmount, List<Line> items, @Nullable PaymentView payment,
                        @Nullable ShipmentView shipment, List<StepView> history, Instant createdAt,
                        Instant updatedAt) {

    @Serdeable
    public record Line(long productId, String productName, long unitPrice, int quantity, long lineTotal) {
        static Line of(OrderItem item) {
            return new Line(item.productId(), item.productName(), item.unitPrice(), item.quantity(), item.lineTotal());
        }
    }

    /** @param status PENDING, CAPTURED, FAILED, REFUNDED or REFUND_FAILED */
    @Serdeable
    public record PaymentView(String status, long amount, @Nullable String reference) {
        static PaymentView of(Payment payment) {
            return new PaymentView(payment.status().name(), payment.amount(), payment.gatewayReference());
        }
    }

    /** @param status SCHEDULED, SHIPPED, DELIVERED or CANCELLED */
    @Serdeable
    public record ShipmentView(String status, @Nullable String carrierReference) {
    }

    @Serdeable
    public record StepView(String step, String status, @Nullable String detail, Instant at) {
        public static StepView of(SagaStep step) {
            return new StepView(step.step(), step.status(), step.detail(), step.occurredAt());
        }
    }

    public static OrderView of(Order order, List<OrderItem> items, @Nullable Payment payment, @Nullable SagaState saga,
                               List<SagaStep> history) {
        ShipmentView shipment = saga == null || saga.shipmentStatus() == null ? null
                : new ShipmentView(saga.shipmentStatus(), saga.shipmentReference());
        return new OrderView(order.id(), order.userId(), order.status(), order.cancellationReason(),
                order.totalAmount(), items.stream().map(Line::of).toList(),
                payment == null ? null : PaymentView.of(payment), shipment,
                history.stream().map(StepView::of).toList(), order.createdAt(), order.updatedAt());
    }
}
