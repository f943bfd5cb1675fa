package com.example.commerce.api.payment;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.api.order.Order;
import com.example.commerce.api.order.OrderItem;
import com.example.commerce.api.order.OrderItemRepository;
import com.example.commerce.api.order.OrderRepository;
import com.example.commerce.api.order.OrderStatus;
import com.example.commerce.api.order.OrderTransitions;
import com.example.commerce.api.order.OrderView;
import com.example.commerce.api.order.OrderViews;
import com.example.commerce.api.saga.SagaHistory;
import com.example.commerce.api.saga.SagaStateRepository;
import com.example.commerce.api.saga.Steps;
import com.example.commerce.contract.payment.PaymentEventType;
import com.example.commerce.contract.payment.PaymentPayload;
import com.example.commerce.outbox.Outbox;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Payments of orders, through the {@link PaymentGateway}: a pay request records an attempt (tx1), calls the gateway
 * outside any transaction, and applies the answer (tx2); an answer that never came is reconciled later by a
 * lookup. Refunds are the saga's compensation step ({@link #refund}, {@link #recordRefund}).
 */
@Singleton
public class PaymentService {

    private static final Logger LOG = LoggerFactory.getLogger(PaymentService.class);
    private static final int RECONCILE_BATCH = 100;

    /** The order after a pay request; {@code settled} false when the gateway's answer is still unknown. */
    public record Paid(OrderView order, boolean settled) {
    }

    private final OrderRepository orders;
    private final OrderItemRepository items;
    private final OrderTransitions transitions;
    private final OrderViews views;
    private final PaymentRepository payments;
    private final PaymentGateway gateway;
    private final SagaStateRepository sagas;
    private final SagaHistory history;
    private final Outbox outbox;
    private final TransactionOperations<Connection> transactions;
    private final Duration reconcileAfter;

    public PaymentService(OrderRepository orders, OrderItemRepository items, OrderTransitions transitions,
                          OrderViews views, PaymentRepository payments, PaymentGateway gateway,
                          SagaStateRepository sagas, SagaHistory history, Outbox outbox,
                          TransactionOperations<Connection> transactions,
                          @Value("${commerce.payments.reconcile-after:10s}") Duration reconcileAfter) {
        this.orders = orders;
        this.items = items;
        this.transitions = transitions;
        this.views = views;
        this.payments = payments;
        this.gateway = gateway;
        this.sagas = sagas;
        this.history = history;
        this.outbox = outbox;
        this.transactions = transactions;
        this.reconcileAfter = reconcileAfter;
    }

    /**
     * Pays the user's PENDING order. 200 PAID; 202 PENDING when the gateway did not answer in time; 402 when
     * declined; 409 when the order is not PENDING (or was cancelled while the gateway charged: the compensation
     * refunds that charge).
     */
    public Paid pay(long userId, long orderId, String token) {
        Payment attempt = transactions.executeWrite(tx -> start(userId, orderId, token));
        PaymentGateway.Charge charge = charge(attempt);
        Settled settled = transactions.executeWrite(tx -> settle(attempt.orderId(), attempt.id(), charge, null))
                .orElseThrow();
        Order order = settled.order();
        Payment payment = settled.payment();
        return switch (payment.status()) {
            case PENDING -> {
                if (order.status() != OrderStatus.PENDING) {
                    // Cancelled while the gateway was charging: the compensation refunds the charge once it is known.
                    throw OrderTransitions.invalid(order, "cannot be paid");
                }
                yield new Paid(view(settled), false);
            }
            case FAILED -> {
                if (order.status() != OrderStatus.PENDING) {
                    // Declined, but the order was cancelled meanwhile: it is not payable any more, whatever a client
                    // would make of a 402.
                    throw OrderTransitions.invalid(order, "cannot be paid");
                }
                throw new ApiException(HttpStatus.PAYMENT_REQUIRED, "urn:commerce:problem:payment-declined",
                        "the payment of order " + orderId + " was declined: " + payment.failureReason(),
                        Map.of("paymentId", payment.id(), "reason", String.valueOf(payment.failureReason())));
            }
            default -> {
                if (order.status() != OrderStatus.PAID) {
                    throw OrderTransitions.invalid(order, "cannot be paid");
                }
                yield new Paid(view(settled), true);
            }
        };
    }

    /** The order's view after a pay request: its attempt is the order's latest (a live attempt is never followed). */
    private OrderView view(Settled settled) {
        return settled.lines() == null ? views.of(settled.order())
                : views.of(settled.order(), settled.lines(), settled.payment());
    }

    private Payment start(long userId, long orderId, String token) {
        Order order = orders.findByIdAndUserIdForUpdate(orderId, userId)
                .orElseThrow(() -> ApiException.notFound("order", orderId));
        if (order.status() != OrderStatus.PENDING) {
            throw OrderTransitions.invalid(order, "cannot be paid");
        }
        // An attempt whose outcome is unknown is repeated under its own key: the gateway answers with the first result.
        // The live attempt (not FAILED, at most one) is always the latest: none is started while one is live.
        Optional<Payment> latest = payments.findLatestForUpdate(orderId);
        if (latest.isPresent() && latest.get().status() != PaymentStatus.FAILED) {
            // Noted before it is sent: a reconciliation that looked it up before this send must not fail it.
            payments.sentAgain(latest.get().id(), Instant.now().truncatedTo(ChronoUnit.MICROS));
            return latest.get();
        }
        int attempt = latest.map(Payment::attempt).orElse(0) + 1;
        return payments.save(new Payment(null, orderId, attempt, Payment.keyOf(orderId, attempt), order.totalAmount(),
                token, PaymentStatus.PENDING, null, null, null, 0, null, null));
    }

    private PaymentGateway.Charge charge(Payment attempt) {
        try {
            return gateway.charge(attempt.idempotencyKey(), attempt.amount(), attempt.token());
        } catch (RuntimeException e) {
            // No answer: as a time-out, the outcome is looked up later.
            LOG.warn("Charging payment {} failed without an answer: {}", attempt.id(), e.toString());
            return new PaymentGateway.TimedOut();
        }
    }

    /** @param lines the order's lines if the transaction read them (to publish ORDER_PAID), else null */
    private record Settled(Order order, Payment payment, @Nullable List<OrderItem> lines) {
        Settled(Order order, Payment payment) {
            this(order, payment, null);
        }
    }

    /**
     * tx2: applies the gateway's answer to a PENDING attempt. A capture pays the order if it is still PENDING; an
     * attempt settled meanwhile (by reconciliation, or a concurrent request) is left as it is.
     *
     * @param lookedUp for reconciliation, the attempt as read before the gateway was asked: an order another
     *                 transaction holds is skipped (empty), and a "never received" answer fails the attempt only if
     *                 no pay request sent it again since (null for a pay request's own answer)
     */
    private Optional<Settled> settle(long orderId, long paymentId, Object answer, @Nullable Payment lookedUp) {
        Optional<Order> locked = lookedUp != null ? orders.findByIdForUpdateSkipLocked(orderId)
                : orders.findByIdForUpdate(orderId);
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        Order order = locked.get();
        Payment payment = payments.findByIdForUpdate(paymentId).orElseThrow();
        if (payment.status() != PaymentStatus.PENDING) {
            return Optional.of(new Settled(order, payment));
        }
        if (answer instanceof PaymentGateway.Captured captured) {
            payment = payments.update(payment.captured(captured.reference()));
            publish(PaymentEventType.PAYMENT_CAPTURED, order, payment, null);
            history.record(orderId, Steps.PAYMENT, Steps.DONE, "captured " + payment.amount());
            if (order.status() == OrderStatus.PENDING) {
                List<OrderItem> lines = items.findLinesOf(List.of(orderId));
                return Optional.of(new Settled(transitions.transition(order, OrderStatus.PAID, null, lines), payment,
                        lines));
            } else if (order.status() == OrderStatus.CANCELLED) {
                // A compensation waiting for this outcome refunds it now rather than at its next retry.
                sagas.refundDueNow(orderId, Instant.now());
            }
        } else if (answer instanceof PaymentGateway.Declined declined) {
            payment = declined(order, payment, declined.reason());
        } else if (answer instanceof PaymentGateway.NotFound) {
            if (lookedUp != null && !lookedUp.updatedAt().equals(payment.updatedAt())) {
                // A retried pay sent it after the look-up: the gateway may have it now. Looked up again next pass;
                // failed now, the charge would be captured with no order paid, and a new attempt charge again.
                return Optional.of(new Settled(order, payment));
            }
            payment = declined(order, payment, "the gateway never received the charge");
        }
        return Optional.of(new Settled(order, payment));
    }

    private Payment declined(Order order, Payment payment, String reason) {
        Payment failed = payments.update(payment.failed(reason));
        publish(PaymentEventType.PAYMENT_FAILED, order, failed, reason);
        history.record(order.id(), Steps.PAYMENT, Steps.FAILED, reason);
        return failed;
    }

    /**
     * Looks up attempts still PENDING after {@code commerce.payments.reconcile-after} and applies what the gateway
     * knows (a charge it never received fails the attempt).
     *
     * @return the attempts settled
     */
    public int reconcile() {
        Instant cutoff = Instant.now().minus(reconcileAfter);
        List<Payment> pending = transactions.executeRead(tx -> payments.findPendingBefore(cutoff, RECONCILE_BATCH));
        int settled = 0;
        for (Payment payment : pending) {
            try {
                PaymentGateway.Lookup found = gateway.lookup(payment.idempotencyKey());
                boolean applied = transactions
                        .executeWrite(tx -> settle(payment.orderId(), payment.id(), found, payment))
                        .map(s -> s.payment().status() != PaymentStatus.PENDING).orElse(false);
                settled += applied ? 1 : 0;
            } catch (RuntimeException e) {
                LOG.warn("Reconciling payment {} failed; retrying at the next pass: {}", payment.id(), e.toString());
            }
        }
        return settled;
    }

    /**
     * Of these orders, locked by the caller, those with an attempt whose outcome is unknown. Read in a statement of
     * its own: it sees every attempt committed before the caller's lock, and no attempt can start while it is held.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Set<Long> withUnknownOutcome(Collection<Long> orderIds) {
        return orderIds.isEmpty() ? Set.of() : Set.copyOf(payments.findOrdersWithPendingAttempt(orderIds));
    }

    /** The order's attempt that holds or held money (not FAILED), locked; empty if there is none. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Payment> liveAttempt(long orderId) {
        return payments.findLiveForUpdate(orderId);
    }

    /** Asks the gateway to refund a captured payment; outside any transaction. A failure is a declined refund. */
    public PaymentGateway.Refund refund(Payment payment) {
        try {
            return gateway.refund(payment.refundKey(), payment.gatewayReference(), payment.amount());
        } catch (RuntimeException e) {
            // The reason is shown in the order's history: the exception's text stays in the log.
            LOG.warn("Refund of payment {} failed", payment.id(), e);
            return new PaymentGateway.Declined("the payment gateway could not be reached");
        }
    }

    /**
     * Applies a refund's answer to the locked payment: REFUNDED; or, when declined, one more refund attempt, and
     * REFUND_FAILED when {@code givenUp}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Payment recordRefund(Order order, Payment payment, PaymentGateway.Refund answer, boolean givenUp) {
        if (answer instanceof PaymentGateway.Refunded refunded) {
            Payment updated = payments.update(payment.refunded(refunded.reference()));
            publish(PaymentEventType.PAYMENT_REFUNDED, order, updated, null);
            return updated;
        }
        String reason = ((PaymentGateway.Declined) answer).reason();
        Payment updated = payments.update(payment.refundDeclined(reason, givenUp));
        if (givenUp) {
            publish(PaymentEventType.PAYMENT_REFUND_FAILED, order, updated, reason);
        }
        return updated;
    }

    private void publish(PaymentEventType type, Order order, Payment payment, @Nullable String reason) {
        Long version = sagas.bumpPaymentVersion(order.id());
        if (version == null) { // an order placed before sagas existed
            sagas.insertIfAbsent(order.id());
            version = sagas.bumpPaymentVersion(order.id());
        }
        outbox.append(type, String.valueOf(order.id()), version, new PaymentPayload(order.id(), order.userId(),
                payment.id(), payment.amount(), payment.status().name(), payment.gatewayReference(), reason));
    }
}
