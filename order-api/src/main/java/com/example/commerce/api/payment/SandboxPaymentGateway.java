package com.example.commerce.api.payment;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Duration;
import java.util.UUID;

/**
 * A payment gateway that behaves by test token ({@link PaymentTokens}) and records what a real gateway would keep
 * on its side in {@code sandbox_gateway_operations}, each call in a short transaction of its own, as if remote: a
 * repeated idempotency key returns the first result, so one key is never charged twice.
 */
@Singleton
public class SandboxPaymentGateway implements PaymentGateway {

    private static final String CHARGE = "CHARGE";
    private static final String REFUND = "REFUND";
    private static final String CAPTURED = "CAPTURED";
    private static final String DECLINED = "DECLINED";
    private static final String REFUNDED = "REFUNDED";

    private final SandboxOperationRepository operations;
    private final TransactionOperations<Connection> transactions;
    private final Duration timeout;
    private final int refundDeclines;

    public SandboxPaymentGateway(SandboxOperationRepository operations, TransactionOperations<Connection> transactions,
                                 @Value("${commerce.payments.gateway-timeout:5s}") Duration timeout,
                                 @Value("${commerce.payments.sandbox.refund-declines:3}") int refundDeclines) {
        this.operations = operations;
        this.transactions = transactions;
        this.timeout = timeout;
        this.refundDeclines = refundDeclines;
    }

    @Override
    public Charge charge(String idempotencyKey, long amount, String token) {
        boolean captures = token.equals(PaymentTokens.OK) || token.equals(PaymentTokens.TIMEOUT)
                || token.equals(PaymentTokens.REFUND_FAIL);
        String outcome = captures ? CAPTURED : DECLINED;
        String reference = captures ? "sbx_ch_" + shortId() : null;
        boolean first = remote(() -> operations.insertIfAbsent(idempotencyKey, CHARGE, token, amount, outcome,
                reference) == 1);
        if (first && token.equals(PaymentTokens.TIMEOUT)) {
            // Taken on the gateway's side, but the answer arrives after the caller has stopped waiting.
            sleep(timeout);
            return new TimedOut();
        }
        if (first) {
            return captures ? new Captured(reference) : new Declined(declineReason(token));
        }
        // A repeated key: the first charge's answer, whatever this request sent.
        SandboxOperation recorded = remote(() -> operations.find(idempotencyKey).orElseThrow());
        return CAPTURED.equals(recorded.outcome()) ? new Captured(recorded.reference())
                : new Declined(declineReason(recorded.token()));
    }

    @Override
    public Lookup lookup(String idempotencyKey) {
        return remote(() -> operations.find(idempotencyKey)
                .filter(op -> CHARGE.equals(op.kind()))
                .<Lookup>map(op -> CAPTURED.equals(op.outcome()) ? new Captured(op.reference())
                        : new Declined(declineReason(op.token())))
                .orElseGet(NotFound::new));
    }

    @Override
    public Refund refund(String idempotencyKey, String chargeReference, long amount) {
        return remote(() -> {
            var charge = operations.findCharge(chargeReference);
            if (charge.isEmpty()) {
                return new Declined("no charge " + chargeReference);
            }
            var earlier = operations.findForUpdate(idempotencyKey);
            if (earlier.isPresent() && REFUNDED.equals(earlier.get().outcome())) {
                return new Refunded(earlier.get().reference());
            }
            int attempts = earlier.map(SandboxOperation::attempts).orElse(0);
            int declines = charge.get().token().equals(PaymentTokens.REFUND_FAIL) ? refundDeclines : 0;
            String outcome = attempts < declines ? DECLINED : REFUNDED;
            String reference = REFUNDED.equals(outcome) ? "sbx_rf_" + shortId() : null;
            if (earlier.isEmpty()) {
                operations.insertIfAbsent(idempotencyKey, REFUND, charge.get().token(), amount, outcome, reference);
            } else {
                operations.retried(idempotencyKey, outcome, reference);
            }
            return REFUNDED.equals(outcome) ? new Refunded(reference)
                    : new Declined("refund declined by the issuer");
        });
    }

    private static String declineReason(String token) {
        return token.equals(PaymentTokens.DECLINE) ? "card declined" : "unknown test token";
    }

    private <T> T remote(java.util.function.Supplier<T> call) {
        return transactions.execute(TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW),
                status -> call.get());
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
