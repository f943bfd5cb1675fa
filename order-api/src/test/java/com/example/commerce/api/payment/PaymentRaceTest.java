package com.example.commerce.api.payment;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.testsupport.ApiClient;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pay requests meeting reconciliation or a cancellation between the gateway's answer and its recording. */
@MicronautTest(environments = "order-api", transactional = false)
@Property(name = "test.payments.gated", value = "true")
@Property(name = "commerce.payments.reconcile-after", value = "10s")
class PaymentRaceTest extends ApiTestBase {

    @Inject
    PaymentService payments;

    @Inject
    GatedPaymentGateway gateway;

    private long place(String user) {
        long product = api.createProduct(api.adminToken(), "Raced lamp", 4_000);
        var placed = api.send(HttpRequest.POST("/api/orders",
                Map.of("items", List.of(Map.of("productId", product, "quantity", 1)))), user);
        assertEquals(201, placed.status(), placed::toString);
        return placed.id();
    }

    /**
     * An attempt left PENDING by a pay whose charge never reached the gateway is sent again by the client's retried
     * pay, while reconciliation, which looked it up just before, holds "never received". Reconciliation must not fail
     * an attempt sent again after its look-up: the gateway captures it, and a failed attempt would leave the money
     * taken with no order paid, and the next pay would charge again.
     */
    @Test
    void anAttemptSentAgainAfterItsLookUpIsNotFailedByIt() throws Exception {
        String user = api.newUserToken();
        long order = place(user);
        // As a pay leaves it whose process died before its charge reached the gateway.
        sql.execute("""
                INSERT INTO payments (order_id, attempt, idempotency_key, amount, token, status, created_at, updated_at)
                SELECT id, 1, 'order-' || id || '-1', total_amount, 'tok_ok', 'PENDING', now() - interval '1 minute',
                       now() - interval '1 minute' FROM orders WHERE id = ?""", order);

        try {
            racePayAndReconciliation(user, order);
        } finally { // open, so that a failure here does not leave later charges of the class waiting at a gate
            gateway.afterLookup = GatedPaymentGateway.Gate.OPEN;
            gateway.afterCharge = GatedPaymentGateway.Gate.OPEN;
        }
    }

    private void racePayAndReconciliation(String user, long order) throws Exception {
        gateway.afterLookup = GatedPaymentGateway.Gate.shut();
        var reconciled = CompletableFuture.supplyAsync(payments::reconcile);
        assertTrue(gateway.afterLookup.reached.await(30, TimeUnit.SECONDS), "reconciliation looked the attempt up");

        gateway.afterCharge = GatedPaymentGateway.Gate.shut();
        CompletableFuture<ApiClient.Answer> paid = CompletableFuture.supplyAsync(() ->
                api.send(HttpRequest.PATCH("/api/orders/" + order + "/pay", ""), user));
        assertTrue(gateway.afterCharge.reached.await(30, TimeUnit.SECONDS), "the retried pay was charged");

        gateway.afterLookup.through.countDown(); // reconciliation settles "never received" first
        reconciled.get(30, TimeUnit.SECONDS);
        assertEquals("PENDING", status(order), "an attempt sent again after the look-up is left for the next pass");

        gateway.afterCharge.through.countDown();
        var answer = paid.get(30, TimeUnit.SECONDS);
        assertEquals(200, answer.status(), answer::toString);
        assertEquals("PAID", answer.get("status"));
        assertEquals("CAPTURED", status(order));
        assertEquals(1, sql.count("SELECT count(*) FROM sandbox_gateway_operations WHERE kind = 'CHARGE' "
                + "AND idempotency_key = ?", "order-" + order + "-1"), "one charge");
    }

    /** A decline recorded after the order was cancelled is no 402 ("still payable"): the order is not payable. */
    @Test
    void aDeclineRecordedAfterTheOrderWasCancelledIsAConflict() throws Exception {
        String user = api.newUserToken();
        long order = place(user);
        gateway.afterCharge = GatedPaymentGateway.Gate.shut();
        try {
            CompletableFuture<ApiClient.Answer> paid = CompletableFuture.supplyAsync(() -> api.send(
                    HttpRequest.PATCH("/api/orders/" + order + "/pay", Map.of("paymentToken", "tok_decline")), user));
            assertTrue(gateway.afterCharge.reached.await(30, TimeUnit.SECONDS), "the gateway declined");

            assertEquals(200, api.send(HttpRequest.PATCH("/api/orders/" + order + "/cancel", ""), user).status());
            gateway.afterCharge.through.countDown();

            var answer = assertProblem(409, paid.get(30, TimeUnit.SECONDS));
            assertEquals("CANCELLED", context(answer).get("currentStatus"), answer::toString);
            assertEquals("FAILED", status(order));
        } finally {
            gateway.afterCharge = GatedPaymentGateway.Gate.OPEN;
        }
    }

    private String status(long order) {
        return sql.list("SELECT status FROM payments WHERE order_id = ? ORDER BY attempt DESC LIMIT 1",
                row -> row.getString(1), order).get(0);
    }
}
