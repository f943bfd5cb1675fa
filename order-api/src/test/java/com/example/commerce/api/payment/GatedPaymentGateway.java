package com.example.commerce.api.payment;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The sandbox gateway, with a gate after each answer that a test can hold shut: so that the test decides in what
 * order a pay request and a reconciliation reach the database after asking the gateway. Only where the test asks for
 * it ({@code test.payments.gated}).
 */
@Singleton
@Replaces(SandboxPaymentGateway.class)
@Requires(property = "test.payments.gated", value = "true")
class GatedPaymentGateway implements PaymentGateway {

    private final SandboxPaymentGateway sandbox;
    volatile Gate afterCharge = Gate.OPEN;
    volatile Gate afterLookup = Gate.OPEN;

    GatedPaymentGateway(SandboxOperationRepository operations, TransactionOperations<Connection> transactions) {
        this.sandbox = new SandboxPaymentGateway(operations, transactions, Duration.ofSeconds(5), 3);
    }

    /** Signals that an answer is in, then waits to be let through. */
    static final class Gate {
        static final Gate OPEN = new Gate(0);
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch through;

        Gate(int shut) {
            this.through = new CountDownLatch(shut);
        }

        static Gate shut() {
            return new Gate(1);
        }

        void pass() {
            reached.countDown();
            try {
                through.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public Charge charge(String idempotencyKey, long amount, String token) {
        Charge answer = sandbox.charge(idempotencyKey, amount, token);
        afterCharge.pass();
        return answer;
    }

    @Override
    public Lookup lookup(String idempotencyKey) {
        Lookup answer = sandbox.lookup(idempotencyKey);
        afterLookup.pass();
        return answer;
    }

    @Override
    public Refund refund(String idempotencyKey, String chargeReference, long amount) {
        return sandbox.refund(idempotencyKey, chargeReference, amount);
    }
}
