package com.example.commerce.api.saga;

import com.example.commerce.api.order.Order;
import com.example.commerce.api.order.OrderRepository;
import com.example.commerce.api.order.OrderTransitions;
import com.example.commerce.api.payment.Payment;
import com.example.commerce.api.payment.PaymentGateway;
import com.example.commerce.api.payment.PaymentRepository;
import com.example.commerce.api.payment.PaymentService;
import com.example.commerce.platform.retry.Backoff;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;

/**
 * The compensation steps the orchestrator runs itself, after the shipment was cancelled: refund a captured
 * payment through the gateway (outside any transaction), then ask the inventory to release the stock. A declined
 * refund is retried with backoff; after {@code commerce.saga.max-attempts} the saga is STUCK.
 */
@Singleton
public class Compensation {

    private final OrderRepository orders;
    private final OrderTransitions transitions;
    private final SagaStateRepository sagas;
    private final SagaHistory history;
    private final PaymentService payments;
    private final PaymentRepository paymentRows;
    private final SagaConfiguration config;
    private final TransactionOperations<Connection> transactions;

    public Compensation(OrderRepository orders, OrderTransitions transitions, SagaStateRepository sagas,
                        SagaHistory history, PaymentService payments, PaymentRepository paymentRows,
                        SagaConfiguration config, TransactionOperations<Connection> transactions) {
        this.orders = orders;
        this.transitions = transitions;
        this.sagas = sagas;
        this.history = history;
        this.payments = payments;
        this.paymentRows = paymentRows;
        this.config = config;
        this.transactions = transactions;
    }

    /** Takes the order's pending compensation step, if it has one that this instance can take now. */
    public void advance(long orderId) {
        Optional<Payment> toRefund = transactions.executeWrite(tx -> begin(orderId));
        if (toRefund.isEmpty()) {
            return;
        }
        PaymentGateway.Refund answer = payments.refund(toRefund.get());
        transactions.executeWrite(tx -> {
            finishRefund(orderId, toRefund.get().id(), answer);
            return null;
        });
    }

    /** @return the payment to refund outside the transaction, or empty when the step was settled here or waits */
    private Optional<Payment> begin(long orderId) {
        Optional<Order> locked = orders.findByIdForUpdateSkipLocked(orderId);
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        Order order = locked.get();
        SagaState saga = sagas.findByIdForUpdate(orderId).orElse(null);
        if (saga == null || saga.status() != SagaStatus.COMPENSATING || !Steps.REFUND.equals(saga.step())) {
            return Optional.empty();
        }
        Optional<Payment> live = payments.liveAttempt(orderId);
        if (live.isEmpty()) {
            history.record(orderId, Steps.REFUND, Steps.SKIPPED, "nothing was captured");
            requestRelease(order, saga);
            return Optional.empty();
        }
        Payment payment = live.get();
        return switch (payment.status()) {
            case PENDING -> {
                // Reconciliation settles the charge first; the refund follows it.
                sagas.store(saga.failedAttempt(saga.attempts(), Instant.now().plus(config.retryInitial()),
                        "waiting for the outcome of payment " + payment.id()));
                yield Optional.empty();
            }
            case REFUNDED -> {
                history.record(orderId, Steps.REFUND, Steps.SKIPPED, "already refunded");
                requestRelease(order, saga);
                yield Optional.empty();
            }
            case FAILED -> {
                history.record(orderId, Steps.REFUND, Steps.SKIPPED, "nothing was captured");
                requestRelease(order, saga);
                yield Optional.empty();
            }
            case CAPTURED, REFUND_FAILED -> Optional.of(payment);
        };
    }

    private void finishRefund(long orderId, long paymentId, PaymentGateway.Refund answer) {
        Order order = orders.findByIdForUpdate(orderId).orElseThrow();
        SagaState saga = sagas.findByIdForUpdate(orderId).orElseThrow();
        Payment payment = paymentRows.findByIdForUpdate(paymentId).orElseThrow();
        if (saga.status() != SagaStatus.COMPENSATING || !Steps.REFUND.equals(saga.step()) || !payment.needsRefund()) {
            return; // settled meanwhile by another instance
        }
        if (answer instanceof PaymentGateway.Refunded) {
            payments.recordRefund(order, payment, answer, false);
            history.record(orderId, Steps.REFUND, Steps.DONE, "refunded " + payment.amount());
            requestRelease(order, saga);
            return;
        }
        String reason = ((PaymentGateway.Declined) answer).reason();
        int attempts = saga.attempts() + 1;
        boolean givenUp = attempts >= config.maxAttempts();
        payments.recordRefund(order, payment, answer, givenUp);
        if (givenUp) {
            sagas.store(saga.withStatus(SagaStatus.STUCK).failedAttempt(attempts, null, reason));
            history.record(orderId, Steps.REFUND, Steps.FAILED, "given up after " + attempts + " attempts: " + reason);
        } else {
            Instant next = Instant.now().plus(Backoff.after(attempts, config.retryInitial(), config.retryMax()));
            sagas.store(saga.failedAttempt(attempts, next, reason));
            history.record(orderId, Steps.REFUND, Steps.FAILED, "attempt " + attempts + ": " + reason);
        }
    }

    /** The last step: the inventory returns what the order holds, then answers STOCK_RELEASED. */
    private void requestRelease(Order order, SagaState saga) {
        transitions.requestStockRelease(order);
        sagas.store(saga.atStep(Steps.RELEASE_STOCK, null));
        history.record(order.id(), Steps.RELEASE_STOCK, Steps.DONE, "release requested");
    }
}
