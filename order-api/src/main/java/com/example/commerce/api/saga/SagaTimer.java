package com.example.commerce.api.saga;

import com.example.commerce.api.order.CancellationReason;
import com.example.commerce.api.order.Order;
import com.example.commerce.api.order.OrderRepository;
import com.example.commerce.api.payment.PaymentService;
import io.micronaut.context.annotation.Value;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the saga does on a timer: cancels orders left unpaid for {@code commerce.orders.payment-timeout}, reconciles
 * payment attempts whose outcome is unknown, and retries compensation steps that are due. Safe with many instances:
 * rows are claimed with {@code FOR UPDATE SKIP LOCKED}. Called by {@link SagaTimerSchedule} locally and by
 * {@link SagaTimerHandler} on Lambda.
 */
@Singleton
public class SagaTimer {

    private static final Logger LOG = LoggerFactory.getLogger(SagaTimer.class);

    /** What one pass did. */
    @Serdeable
    public record Pass(int expired, int reconciled, int retried) {
    }

    private final OrderRepository orders;
    private final Cancellations cancellations;
    private final PaymentService payments;
    private final SagaStateRepository sagas;
    private final Compensation compensation;
    private final SagaConfiguration config;
    private final Duration paymentTimeout;
    private final TransactionOperations<Connection> transactions;

    public SagaTimer(OrderRepository orders, Cancellations cancellations, PaymentService payments,
                     SagaStateRepository sagas, Compensation compensation, SagaConfiguration config,
                     @Value("${commerce.orders.payment-timeout:30m}") Duration paymentTimeout,
                     TransactionOperations<Connection> transactions) {
        this.orders = orders;
        this.cancellations = cancellations;
        this.payments = payments;
        this.sagas = sagas;
        this.compensation = compensation;
        this.config = config;
        this.paymentTimeout = paymentTimeout;
        this.transactions = transactions;
    }

    public Pass run() {
        return new Pass(expire(), payments.reconcile(), retryDue());
    }

    /** Cancels unpaid orders past the payment time-out that no payment attempt is still waiting for. */
    int expire() {
        Instant cutoff = Instant.now().minus(paymentTimeout);
        return transactions.executeWrite(tx -> {
            List<Order> claimed = orders.claimExpired(cutoff, config.batchSize());
            // The claim's NOT EXISTS was read before its locks were taken: a pay request that committed its attempt
            // in between is seen only now, and that order waits for the attempt's outcome.
            Set<Long> paying = payments.withUnknownOutcome(claimed.stream().map(Order::id).toList());
            List<Order> expired = claimed.stream().filter(order -> !paying.contains(order.id())).toList();
            expired.forEach(order -> cancellations.cancel(order, CancellationReason.PAYMENT_TIMEOUT));
            return expired.size();
        });
    }

    /** Takes the compensation steps that are due; each is leased first, so no other instance takes it meanwhile. */
    int retryDue() {
        Instant now = Instant.now();
        List<Long> due = transactions.executeWrite(tx -> {
            List<Long> ids = sagas.claimDue(now, config.batchSize()).stream().map(SagaState::orderId).toList();
            if (!ids.isEmpty()) {
                sagas.lease(ids, now.plus(config.lease()));
            }
            return ids;
        });
        for (long orderId : due) {
            try {
                compensation.advance(orderId);
            } catch (RuntimeException e) {
                LOG.warn("Compensation of order {} failed; retried when its lease ends: {}", orderId, e.toString());
            }
        }
        return due.size();
    }
}
