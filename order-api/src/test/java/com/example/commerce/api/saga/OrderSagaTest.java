package com.example.commerce.api.saga;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.consumer.DeadLetters;
import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.contract.Topics;
import com.example.commerce.platform.trace.TraceParent;
import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Eventually;
import com.example.commerce.testsupport.OutboxRows;
import com.example.commerce.testsupport.TopicRecords;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static com.example.commerce.testsupport.TopicRecords.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payments and the order saga against the real PostgreSQL and Kafka: the participants' events are published to
 * their topics as fulfillment-fn publishes them, and the saga's consumer and timer run as in the local run.
 */
@MicronautTest(environments = "order-api", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "commerce.saga.consumer.enabled", value = "true")
@Property(name = "commerce.saga.timer.enabled", value = "true")
@Property(name = "commerce.saga.timer-interval", value = "200ms")
@Property(name = "commerce.saga.retry-initial", value = "100ms")
@Property(name = "commerce.saga.retry-max", value = "400ms")
@Property(name = "commerce.saga.max-attempts", value = "2")
@Property(name = "commerce.payments.gateway-timeout", value = "300ms")
@Property(name = "commerce.payments.sandbox.refund-declines", value = "3")
class OrderSagaTest extends ApiTestBase {

    /** An order's payment attempts as if started (and last sent) a minute ago: due for reconciliation. */
    private static final String BACKDATE_PAYMENTS = "UPDATE payments SET created_at = now() - interval '1 minute', "
            + "updated_at = now() - interval '1 minute' WHERE order_id = ?";

    static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
            SchemaLocation.of("classpath:events/events.schema.json"),
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    @Inject
    OrderSaga saga;

    ParticipantEvents participants;
    String admin;
    String user;
    long book;

    @BeforeEach
    void setUp() {
        if (participants == null) {
            participants = new ParticipantEvents(bootstrapServers);
        }
        admin = api.adminToken();
        user = api.newUserToken();
        book = api.createProduct(admin, "Saga book", 5_000);
    }

    @AfterAll
    void closeProducer() {
        if (participants != null) {
            participants.close();
        }
    }

    private long place(String token) {
        var placed = api.send(HttpRequest.POST("/api/orders",
                Map.of("items", List.of(Map.of("productId", book, "quantity", 2)))), token);
        assertEquals(201, placed.status(), placed::toString);
        return placed.id();
    }

    private ApiClient.Answer pay(long id, String paymentToken) {
        var request = paymentToken == null ? HttpRequest.PATCH("/api/orders/" + id + "/pay", "")
                : HttpRequest.PATCH("/api/orders/" + id + "/pay", Map.of("paymentToken", paymentToken));
        return api.send(request, user);
    }

    private ApiClient.Answer order(long id) {
        return api.send(HttpRequest.GET("/api/orders/" + id), user);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payment(ApiClient.Answer order) {
        return (Map<String, Object>) order.get("payment");
    }

    private String sagaStatus(long id) {
        return sql.list("SELECT status FROM order_sagas WHERE order_id = ?", row -> row.getString(1), id).get(0);
    }

    private long charges(long id) {
        return sql.count("SELECT count(*) FROM sandbox_gateway_operations WHERE kind = 'CHARGE' "
                + "AND idempotency_key LIKE ?", "order-" + id + "-%");
    }

    private List<String> orderEvents(long id) {
        return outbox.types("Order", id);
    }

    private List<String> paymentEvents(long id) {
        return outbox.types("Payment", id);
    }

    private void publishTwice(String topic, long id, String event) throws Exception {
        participants.publish(topic, id, event);
        participants.publish(topic, id, event);
    }

    /** Every event the order's saga wrote is what events.schema.json promises consumers. */
    private void assertEventsMatchTheSchema(long id) {
        var events = new ArrayList<>(outbox.of("Order", id));
        events.addAll(outbox.of("Payment", id));
        for (OutboxRows.OutboxEvent event : events) {
            var errors = SCHEMA.validate(event.rawEvent(), InputFormat.JSON);
            assertTrue(errors.isEmpty(), () -> event.eventType() + " " + event.rawEvent() + " -> " + errors);
        }
    }

    private void awaitConsumed() throws Exception {
        Eventually.await("the saga consumed every participant event", participants::allConsumed);
    }

    @Test
    void aPaymentWithoutATokenCapturesAndPaysTheOrder() {
        long id = place(user);

        var paid = pay(id, null);

        assertEquals(200, paid.status(), paid::toString);
        assertEquals("PAID", paid.get("status"));
        assertEquals("CAPTURED", payment(paid).get("status"));
        assertEquals(10_000, ((Number) payment(paid).get("amount")).longValue());
        assertNotNull(payment(paid).get("reference"));
        assertEquals(List.of("ORDER_CREATED", "ORDER_PAID"), orderEvents(id));
        List<OutboxRows.OutboxEvent> payments = outbox.of("Payment", id);
        assertEquals(List.of("PAYMENT_CAPTURED"), payments.stream().map(OutboxRows.OutboxEvent::eventType).toList());
        assertEquals("payment-events", payments.get(0).topic());
        assertEquals(1, payments.get(0).aggregateVersion());
        assertEquals(1, charges(id));
        assertTrue(order(id).list("history").stream().anyMatch(step -> "PAYMENT".equals(step.get("step"))));
    }

    @Test
    void aDeclinedPaymentIs402AndTheOrderCanBePaidAgain() {
        long id = place(user);

        var declined = assertProblem(402, pay(id, "tok_decline"));
        assertTrue(((String) declined.get("type")).endsWith("payment-declined"), declined::toString);
        assertNotNull(context(declined).get("paymentId"));
        assertEquals("card declined", context(declined).get("reason"));
        var pending = order(id);
        assertEquals("PENDING", pending.get("status"));
        assertEquals("FAILED", payment(pending).get("status"));

        var paid = pay(id, "tok_ok");
        assertEquals(200, paid.status(), paid::toString);
        assertEquals("PAID", paid.get("status"));
        assertEquals(List.of("PAYMENT_FAILED", "PAYMENT_CAPTURED"), paymentEvents(id));
        assertEventsMatchTheSchema(id);
        assertEquals(List.of(1L, 2L), outbox.of("Payment", id).stream()
                .map(OutboxRows.OutboxEvent::aggregateVersion).toList());
        assertEquals(List.of("FAILED", "CAPTURED"), sql.list("SELECT status FROM payments WHERE order_id = ? "
                + "ORDER BY attempt", row -> row.getString(1), id));
        assertEquals(1, sql.count("SELECT count(*) FROM sandbox_gateway_operations WHERE idempotency_key = ? "
                + "AND outcome = 'CAPTURED'", "order-" + id + "-2"));
    }

    @Test
    void tokensAreCheckedAndUnknownTestTokensDecline() {
        long id = place(user);

        assertProblem(400, pay(id, "card-4242"));
        assertProblem(400, pay(id, "tok_UPPER"));
        assertProblem(400, pay(id, "tok_" + "a".repeat(41)));
        assertEquals(0, sql.count("SELECT count(*) FROM payments WHERE order_id = ?", id));
        var unknown = assertProblem(402, pay(id, "tok_mystery"));
        assertEquals("unknown test token", context(unknown).get("reason"));
    }

    @Test
    void aGatewayTimeOutIs202AndReconciliationPaysTheOrderWithOneCharge() throws Exception {
        long id = place(user);

        var accepted = pay(id, "tok_timeout");

        assertEquals(202, accepted.status(), accepted::toString);
        assertEquals("PENDING", accepted.get("status"));
        assertEquals("PENDING", payment(accepted).get("status"));
        assertEquals(List.of(), paymentEvents(id));
        // As if commerce.payments.reconcile-after had passed.
        sql.execute(BACKDATE_PAYMENTS, id);
        Eventually.await("reconciliation paid the order", () -> "PAID".equals(order(id).get("status")));

        assertEquals("CAPTURED", payment(order(id)).get("status"));
        assertEquals(1, charges(id), "never two charges for one order");
        assertEquals(List.of("ORDER_CREATED", "ORDER_PAID"), orderEvents(id));
        assertEquals(List.of("PAYMENT_CAPTURED"), paymentEvents(id));
        assertEquals(409, pay(id, "tok_ok").status());
        assertEquals(1, charges(id));
    }

    @Test
    void aRepeatedPayOfAnUnansweredAttemptReusesItsKey() {
        long id = place(user);
        assertEquals(202, pay(id, "tok_timeout").status());

        var paid = pay(id, "tok_ok");

        assertEquals(200, paid.status(), paid::toString);
        assertEquals("PAID", paid.get("status"));
        assertEquals(1, sql.count("SELECT count(*) FROM payments WHERE order_id = ?", id));
        assertEquals(1, charges(id));
    }

    @Test
    void anOrderCancelledWhileTheGatewayChargesIsRefusedNotLeftAwaitingItsPayment() throws Exception {
        // The gateway holds a tok_timeout charge for commerce.payments.gateway-timeout; the cancel must land inside
        // that window, which a loaded machine may miss: tries until it did once.
        for (int attempt = 0; attempt < 5; attempt++) {
            long id = place(user);
            var paying = CompletableFuture.supplyAsync(() -> pay(id, "tok_timeout"));
            Eventually.await("the attempt is recorded", () -> paying.isDone()
                    || sql.count("SELECT count(*) FROM payments WHERE order_id = ?", id) == 1);
            var cancelled = api.send(HttpRequest.PATCH("/api/orders/" + id + "/cancel", ""), user);
            if (paying.isDone()) {
                paying.join();
                continue;
            }
            assertEquals(200, cancelled.status(), cancelled::toString);

            var refused = assertProblem(409, paying.get(30, TimeUnit.SECONDS));

            assertEquals("CANCELLED", context(refused).get("currentStatus"), refused::toString);
            assertEquals("CANCELLED", order(id).get("status"));
            // As if commerce.payments.reconcile-after had passed: the charge is found, and refunded.
            sql.execute(BACKDATE_PAYMENTS, id);
            participants.publish(Topics.SHIPPING_EVENTS, id, participants.shipment("SHIPMENT_CANCELLED", id,
                    "CANCELLED", null));
            Eventually.await("the charge is refunded", () -> "REFUNDED".equals(payment(order(id)).get("status")));
            assertEquals(1, charges(id));
            return;
        }
        throw new AssertionError("no cancel landed while the gateway was charging, in 5 tries");
    }

    @Test
    void aCancelledPaidOrderIsCompensatedInReverseOrderOnceEvenWithDuplicateEvents() throws Exception {
        long id = place(user);
        assertEquals(200, pay(id, null).status());

        var cancelled = api.send(HttpRequest.PATCH("/api/orders/" + id + "/cancel", ""), user);

        assertEquals(200, cancelled.status(), cancelled::toString);
        assertEquals("CANCELLED", cancelled.get("status"));
        assertEquals("USER", cancelled.get("cancellationReason"));
        assertEquals(List.of("ORDER_CREATED", "ORDER_PAID", "ORDER_CANCELLED"), orderEvents(id));
        assertEquals("USER", outbox.of("Order", id).get(2).payload().get("cancellationReason"));
        assertEquals("COMPENSATING", sagaStatus(id));
        assertEquals("CAPTURED", payment(order(id)).get("status"), "refunded only once the shipment is cancelled");

        publishTwice(Topics.SHIPPING_EVENTS, id, participants.shipment("SHIPMENT_CANCELLED", id, "CANCELLED", null));
        Eventually.await("the refund and the release request", () -> orderEvents(id)
                .contains("STOCK_RELEASE_REQUESTED"));
        awaitConsumed();

        var refunded = order(id);
        assertEquals("REFUNDED", payment(refunded).get("status"));
        @SuppressWarnings("unchecked")
        var shipment = (Map<String, Object>) refunded.get("shipment");
        assertEquals("CANCELLED", shipment.get("status"));
        assertEquals(List.of("PAYMENT_CAPTURED", "PAYMENT_REFUNDED"), paymentEvents(id));
        assertEquals(List.of("ORDER_CREATED", "ORDER_PAID", "ORDER_CANCELLED", "STOCK_RELEASE_REQUESTED"),
                orderEvents(id));
        assertEventsMatchTheSchema(id);
        assertEquals(1, sql.count("SELECT count(*) FROM sandbox_gateway_operations WHERE kind = 'REFUND' "
                + "AND idempotency_key = ?", "refund-order-" + id + "-1"));

        publishTwice(Topics.INVENTORY_EVENTS, id, participants.reservation("STOCK_RELEASED", id, ""));
        Eventually.await("the saga is compensated", () -> "COMPENSATED".equals(sagaStatus(id)));
        awaitConsumed();

        assertEquals(4, orderEvents(id).size());
        assertEquals(2, paymentEvents(id).size());
        List<String> steps = order(id).list("history").stream().map(step -> (String) step.get("step")).toList();
        assertEquals(List.of("ORDER_PLACED", "PAYMENT", "ORDER_CANCELLED", "SHIPMENT", "CANCEL_SHIPMENT", "REFUND",
                "RELEASE_STOCK", "STOCK", "RELEASE_STOCK"), steps);
    }

    @Test
    void aPaidOrderTheInventoryRejectsIsCancelledOutOfStockAndRefunded() throws Exception {
        long id = place(user);
        assertEquals(200, pay(id, null).status());

        publishTwice(Topics.INVENTORY_EVENTS, id, participants.reservation("STOCK_REJECTED", id,
                ",\"shortages\":[{\"productId\":" + book + ",\"requested\":2,\"available\":1}]"));
        Eventually.await("the order is cancelled", () -> "CANCELLED".equals(order(id).get("status")));
        awaitConsumed();
        assertEquals(List.of("ORDER_CREATED", "ORDER_PAID", "ORDER_CANCELLED"), orderEvents(id));

        assertEquals("OUT_OF_STOCK", order(id).get("cancellationReason"));
        assertEquals("OUT_OF_STOCK", outbox.of("Order", id).get(2).payload().get("cancellationReason"));
        assertEquals("PAID", outbox.of("Order", id).get(2).payload().get("previousStatus"));

        publishTwice(Topics.SHIPPING_EVENTS, id, participants.shipment("SHIPMENT_CANCELLED", id, "CANCELLED", null));
        Eventually.await("the payment is refunded", () -> "REFUNDED".equals(payment(order(id)).get("status")));
        awaitConsumed();
        assertEquals(List.of("PAYMENT_CAPTURED", "PAYMENT_REFUNDED"), paymentEvents(id));
        assertEquals(List.of("ORDER_CREATED", "ORDER_PAID", "ORDER_CANCELLED", "STOCK_RELEASE_REQUESTED"),
                orderEvents(id));
    }

    @Test
    void anUnpaidOrderExpiresAndNeedsNoRefund() throws Exception {
        long expired = place(user);
        long fresh = place(user);
        long awaitingPayment = place(user);
        assertEquals(202, pay(awaitingPayment, "tok_timeout").status());
        // As if commerce.orders.payment-timeout had passed.
        sql.execute("UPDATE orders SET created_at = now() - interval '1 hour' WHERE id IN (?, ?)", expired,
                awaitingPayment);

        Eventually.await("the order expired", () -> "CANCELLED".equals(order(expired).get("status")));

        assertEquals("PAYMENT_TIMEOUT", order(expired).get("cancellationReason"));
        assertEquals("PENDING", order(fresh).get("status"));
        // Its attempt still waits for an outcome (reconciliation may have paid it since, never expired it).
        assertNotEquals("CANCELLED", order(awaitingPayment).get("status"));
        participants.publish(Topics.SHIPPING_EVENTS, expired, participants.shipment("SHIPMENT_CANCELLED", expired,
                "CANCELLED", null));
        Eventually.await("the release is requested", () -> orderEvents(expired).contains("STOCK_RELEASE_REQUESTED"));
        assertEquals(List.of(), paymentEvents(expired));
        assertTrue(order(expired).list("history").stream().anyMatch(step -> "REFUND".equals(step.get("step"))
                && "SKIPPED".equals(step.get("status"))));
    }

    @Test
    void aRefundDeclinedTooOftenIsStuckUntilAnOperatorRetriesIt() throws Exception {
        long id = place(user);
        assertEquals(200, pay(id, "tok_refund_fail").status());
        assertEquals(200, api.send(HttpRequest.PATCH("/api/admin/orders/" + id + "/cancel", ""), admin).status());
        assertEquals("ADMIN", order(id).get("cancellationReason"));

        participants.publish(Topics.SHIPPING_EVENTS, id, participants.shipment("SHIPMENT_CANCELLED", id, "CANCELLED",
                null));
        Eventually.await("the saga is stuck", () -> "STUCK".equals(sagaStatus(id)));

        assertEquals("REFUND_FAILED", payment(order(id)).get("status"));
        assertEquals(List.of("PAYMENT_CAPTURED", "PAYMENT_REFUND_FAILED"), paymentEvents(id));
        var stuck = api.send(HttpRequest.GET("/api/admin/sagas?status=STUCK&page=1&size=100"), admin);
        assertEquals(200, stuck.status(), stuck::toString);
        var listed = stuck.list("items").stream()
                .filter(saga -> ((Number) saga.get("orderId")).longValue() == id).findFirst().orElseThrow();
        assertEquals("REFUND", listed.get("step"));
        assertEquals(2, ((Number) listed.get("attempts")).intValue());
        assertNotNull(listed.get("lastError"));
        assertTrue(!((List<?>) listed.get("history")).isEmpty());

        var retried = api.send(HttpRequest.POST("/api/admin/sagas/" + id + "/retry", ""), admin);
        assertTrue(retried.status() == 202 || retried.status() == 200, retried::toString);
        Eventually.await("the retried refund went through", () -> "REFUNDED".equals(payment(order(id)).get("status")));

        assertEquals(List.of("PAYMENT_CAPTURED", "PAYMENT_REFUND_FAILED", "PAYMENT_REFUNDED"), paymentEvents(id));
        assertEventsMatchTheSchema(id);
        assertTrue(orderEvents(id).contains("STOCK_RELEASE_REQUESTED"));
        var again = assertProblem(409, api.send(HttpRequest.POST("/api/admin/sagas/" + id + "/retry", ""), admin));
        assertEquals("COMPENSATING", context(again).get("currentStatus"));
    }

    @Test
    void anOrderWithoutASagaGetsOneWhenItsPaymentOrAParticipantsEventComes() throws Exception {
        long id = place(user);
        // As an order placed before sagas existed.
        sql.execute("DELETE FROM order_saga_steps WHERE order_id = ?", id);
        sql.execute("DELETE FROM order_sagas WHERE order_id = ?", id);

        assertEquals(200, pay(id, null).status());
        assertEquals(List.of(1L), outbox.of("Payment", id).stream()
                .map(OutboxRows.OutboxEvent::aggregateVersion).toList(), "the payment event's version starts at 1");
        sql.execute("DELETE FROM order_sagas WHERE order_id = ?", id);
        participants.publish(Topics.INVENTORY_EVENTS, id, participants.reservation("STOCK_RESERVED", id, ""));
        Eventually.await("the saga is created and records the reservation", () -> sql.list(
                "SELECT stock_status FROM order_sagas WHERE order_id = ?", row -> row.getString(1), id)
                .equals(List.of("RESERVED")));
        assertEquals("RUNNING", sagaStatus(id));
    }

    @Test
    void anOrderIsShippedOnceItsShipmentIsScheduledAndThenDelivered() throws Exception {
        long id = place(user);
        var unpaid = assertProblem(409, api.send(HttpRequest.PATCH("/api/admin/orders/" + id + "/ship", ""), admin));
        assertEquals("PENDING", context(unpaid).get("currentStatus"));
        assertEquals(200, pay(id, null).status());
        var unscheduled = assertProblem(409, api.send(HttpRequest.PATCH("/api/admin/orders/" + id + "/ship", ""),
                admin));
        assertEquals("PAID", context(unscheduled).get("currentStatus"));
        assertTrue(((String) unscheduled.get("detail")).contains("not scheduled"), unscheduled::toString);

        participants.publish(Topics.INVENTORY_EVENTS, id, participants.reservation("STOCK_DEDUCTED", id, ""));
        publishTwice(Topics.SHIPPING_EVENTS, id, participants.shipment("SHIPMENT_SCHEDULED", id, "SCHEDULED",
                "CARRIER-" + id));
        Eventually.await("the shipment is recorded", () -> order(id).get("shipment") != null);
        @SuppressWarnings("unchecked")
        var shipment = (Map<String, Object>) order(id).get("shipment");
        assertEquals("SCHEDULED", shipment.get("status"));
        assertEquals("CARRIER-" + id, shipment.get("carrierReference"));

        var shipped = api.send(HttpRequest.PATCH("/api/admin/orders/" + id + "/ship/", ""), admin);
        assertEquals(200, shipped.status(), shipped::toString);
        assertEquals("SHIPPED", shipped.get("status"));
        var cancel = assertProblem(409, api.send(HttpRequest.PATCH("/api/orders/" + id + "/cancel", ""), user));
        assertEquals("SHIPPED", context(cancel).get("currentStatus"));
        var delivered = api.send(HttpRequest.PATCH("/api/admin/orders/" + id + "/deliver", ""), admin);
        assertEquals(200, delivered.status(), delivered::toString);
        assertEquals("DELIVERED", delivered.get("status"));
        assertEquals("COMPLETED", sagaStatus(id));
        assertEquals(List.of("ORDER_CREATED", "ORDER_PAID", "ORDER_SHIPPED", "ORDER_DELIVERED"), orderEvents(id));
        assertEventsMatchTheSchema(id);
        var again = assertProblem(409, api.send(HttpRequest.PATCH("/api/admin/orders/" + id + "/deliver", ""), admin));
        assertEquals("DELIVERED", context(again).get("currentStatus"));
        assertEquals("DEDUCTED", sql.list("SELECT stock_status FROM order_sagas WHERE order_id = ?",
                row -> row.getString(1), id).get(0));
        awaitConsumed();
        assertEquals(1, order(id).list("history").stream().filter(s -> "SHIPMENT".equals(s.get("step"))).count(),
                "a duplicate SHIPMENT_SCHEDULED changes nothing");
    }

    @Test
    void othersOrdersAreAbsentAdminRoutesAreForAdminsAndTrailingSlashesWork() {
        long id = place(user);
        String other = api.newUserToken();

        assertProblem(404, api.send(HttpRequest.PATCH("/api/orders/" + id + "/pay", ""), other));
        assertProblem(404, api.send(HttpRequest.PATCH("/api/orders/" + id + "/cancel", ""), other));
        for (var request : List.of(HttpRequest.PATCH("/api/admin/orders/" + id + "/cancel", ""),
                HttpRequest.PATCH("/api/admin/orders/" + id + "/ship", ""),
                HttpRequest.PATCH("/api/admin/orders/" + id + "/deliver", ""),
                HttpRequest.GET("/api/admin/sagas"),
                HttpRequest.POST("/api/admin/sagas/" + id + "/retry", ""))) {
            assertEquals(403, api.send(request, user).status(), request::toString);
        }
        assertProblem(404, api.send(HttpRequest.PATCH("/api/admin/orders/999999999/cancel", ""), admin));
        assertProblem(400, api.send(HttpRequest.GET("/api/admin/sagas?status=LOST"), admin));
        var notStuck = assertProblem(409, api.send(HttpRequest.POST("/api/admin/sagas/" + id + "/retry/", ""), admin));
        assertEquals("RUNNING", context(notStuck).get("currentStatus"));

        var paid = api.send(HttpRequest.PATCH("/api/orders/" + id + "/pay/", Map.of("paymentToken", "tok_ok")), user);
        assertEquals(200, paid.status(), paid::toString);
        var cancelled = api.send(HttpRequest.PATCH("/api/orders/" + id + "/cancel/", ""), user);
        assertEquals("CANCELLED", cancelled.get("status"));
        var payAgain = assertProblem(409, pay(id, null));
        assertEquals("CANCELLED", context(payAgain).get("currentStatus"));
    }

    @Test
    void aMalformedParticipantEventIsDeadLettered() throws Exception {
        long id = place(user);

        participants.publish(Topics.INVENTORY_EVENTS, id, "{\"eventType\":\"STOCK_RESERVED\",\"eventId\":\"nope\"}");

        Eventually.await("the dead-letter topic exists", () -> participants.topicExists(Topics.INVENTORY_EVENTS_DLQ));
        var dead = TopicRecords.withKey(bootstrapServers, Topics.INVENTORY_EVENTS_DLQ, String.valueOf(id), 1);
        assertEquals(1, dead.size());
        assertEquals(OrderSaga.CONSUMER, TopicRecords.header(dead.get(0), "dlq.consumer"));
        assertEquals(Topics.INVENTORY_EVENTS, TopicRecords.header(dead.get(0), "dlq.original.topic"));
    }

    /**
     * A poll's records are applied each once, a record delivered twice in the same poll included; a record that can
     * never be processed is dead-lettered and the rest of its poll applied.
     */
    @Test
    void aPollsEventsAreAppliedOnceEachAndABadOneAlone() throws Exception {
        long first = place(user);
        long second = place(user);
        String reservedFirst = participants.reservation("STOCK_RESERVED", first, "");
        var poll = List.of(
                incoming(Topics.INVENTORY_EVENTS, first, reservedFirst),
                incoming(Topics.INVENTORY_EVENTS, second, participants.reservation("STOCK_RESERVED", second, "")),
                incoming(Topics.INVENTORY_EVENTS, first, reservedFirst),
                incoming(Topics.SHIPPING_EVENTS, first, participants.shipment("SHIPMENT_SCHEDULED", first, "SCHEDULED",
                        "SANDBOX-POLL-1")));

        saga.process(poll);

        var firstSteps = List.of("ORDER_PLACED", "STOCK RESERVED: reserved", "SHIPMENT SCHEDULED SANDBOX-POLL-1");
        assertEquals(firstSteps, sagaSteps(first));
        assertEquals(List.of("ORDER_PLACED", "STOCK RESERVED: reserved"), sagaSteps(second));
        assertEquals(1, sql.count("SELECT count(DISTINCT xmin::text) FROM order_saga_steps WHERE order_id IN (?, ?) "
                + "AND step <> 'ORDER_PLACED'", first, second), "the poll's steps are written by one transaction");
        for (IncomingEvent record : poll) {
            String eventId = api.parse(new String(record.value(), StandardCharsets.UTF_8)).get("eventId").toString();
            assertEquals(1, sql.count("SELECT count(*) FROM processed_events WHERE consumer = ? AND event_id = ?::uuid",
                    OrderSaga.CONSUMER, eventId), eventId);
        }

        var withABadOne = List.of(
                incoming(Topics.INVENTORY_EVENTS, second, "{\"eventType\":\"STOCK_DEDUCTED\",\"eventId\":\"nope\"}"),
                incoming(Topics.INVENTORY_EVENTS, second, participants.reservation("STOCK_DEDUCTED", second, "")));
        saga.process(withABadOne);

        assertEquals(List.of("ORDER_PLACED", "STOCK RESERVED: reserved", "STOCK DEDUCTED: deducted"),
                sagaSteps(second));
        var dead = TopicRecords.withKey(bootstrapServers, Topics.INVENTORY_EVENTS_DLQ, String.valueOf(second), 1);
        assertEquals(1, dead.size(), "the bad record is dead-lettered");
        saga.process(poll);
        assertEquals(firstSteps, sagaSteps(first), "the poll delivered again changes nothing");
    }

    /**
     * A poll the database refuses one event of: that event is dead-lettered and the others applied; a poll that
     * fails for now leaves nothing behind and is thrown, to be delivered again.
     */
    @Test
    void aPollTheDatabaseRefusesAnEventOfIsAppliedWithoutItAndATransientFailureWritesNothing() throws Exception {
        long refused = place(user);
        long accepted = place(user);
        var poll = List.of(
                incoming(Topics.INVENTORY_EVENTS, accepted, participants.reservation("STOCK_RESERVED", accepted, "")),
                incoming(Topics.INVENTORY_EVENTS, refused, participants.reservation("STOCK_RESERVED", refused, "")));

        try (var refusal = sql.refuse("order_saga_steps", "INSERT", "NEW.order_id = " + accepted, "40001")) {
            assertThrows(RuntimeException.class, () -> saga.process(poll));
        }
        assertEquals(List.of("ORDER_PLACED"), sagaSteps(accepted));
        assertEquals(List.of("ORDER_PLACED"), sagaSteps(refused), "nothing of the failed poll committed");

        try (var refusal = sql.refuse("order_saga_steps", "INSERT", "NEW.order_id = " + refused, "23514")) {
            saga.process(poll);
        }
        assertEquals(List.of("ORDER_PLACED", "STOCK RESERVED: reserved"), sagaSteps(accepted));
        assertEquals(List.of("ORDER_PLACED"), sagaSteps(refused));
        var dead = TopicRecords.withKey(bootstrapServers, Topics.INVENTORY_EVENTS_DLQ, String.valueOf(refused), 1);
        assertEquals(1, dead.size(), "the refused event is dead-lettered");
        assertTrue(header(dead.get(0), DeadLetters.ERROR).contains("23514"), header(dead.get(0), DeadLetters.ERROR));
    }

    private static final AtomicLong OFFSETS = new AtomicLong();

    /**
     * A malformed record in a delivery that fails for now is dead-lettered once the delivery is written, not once per
     * attempt: a database outage retried for minutes would otherwise fill the dead-letter topic with copies.
     */
    @Test
    void aMalformedRecordOfARetriedPollIsDeadLetteredOnce() throws Exception {
        long id = place(user);
        var poll = List.of(
                incoming(Topics.INVENTORY_EVENTS, id, "{\"eventType\":\"STOCK_DEDUCTED\",\"eventId\":\"nope\"}"),
                incoming(Topics.INVENTORY_EVENTS, id, participants.reservation("STOCK_RESERVED", id, "")));

        try (var refusal = sql.refuse("order_saga_steps", "INSERT", "NEW.order_id = " + id, "40001")) {
            assertThrows(RuntimeException.class, () -> saga.process(poll));
            assertThrows(RuntimeException.class, () -> saga.process(poll));
        }
        assertEquals(List.of(), TopicRecords.allWithKey(bootstrapServers, Topics.INVENTORY_EVENTS_DLQ,
                String.valueOf(id)), "dead-lettered by a delivery that was not written");

        saga.process(poll);

        assertEquals(List.of("ORDER_PLACED", "STOCK RESERVED: reserved"), sagaSteps(id));
        assertEquals(1, TopicRecords.allWithKey(bootstrapServers, Topics.INVENTORY_EVENTS_DLQ, String.valueOf(id))
                .size());
    }

    /**
     * A compensation step that a delivery of several events made due is taken after the commit under the trace of
     * the event that made it due, and the events it writes continue that trace, as with one event per delivery.
     */
    @Test
    void compensationAfterABatchedDeliveryContinuesTheTraceOfTheEventThatMadeItDue() throws Exception {
        long id = place(user);
        long other = place(user);
        assertEquals(200, pay(id, null).status());
        assertEquals(200, api.send(HttpRequest.PATCH("/api/orders/" + id + "/cancel", ""), user).status());
        var trace = TraceParent.newTrace();
        var cancelled = new IncomingEvent(Topics.SHIPPING_EVENTS, 0, OFFSETS.incrementAndGet(),
                String.valueOf(id).getBytes(StandardCharsets.UTF_8), participants.shipment("SHIPMENT_CANCELLED", id,
                "CANCELLED", null).getBytes(StandardCharsets.UTF_8),
                Map.of(TraceParent.HEADER, trace.header().getBytes(StandardCharsets.UTF_8)));

        saga.process(List.of(incoming(Topics.INVENTORY_EVENTS, other, participants.reservation("STOCK_RESERVED",
                other, "")), cancelled));

        String traceOf = "SELECT headers ->> 'traceparent' FROM outbox WHERE aggregate_type = ? AND aggregate_id = ? "
                + "AND event_type = ?";
        var writtenByTheStep = List.of(List.of("Payment", "PAYMENT_REFUNDED"), List.of("Order", "STOCK_RELEASE_REQUESTED"));
        for (var written : writtenByTheStep) {
            var traces = sql.list(traceOf, row -> row.getString(1), written.get(0), String.valueOf(id), written.get(1));
            assertEquals(1, traces.size(), written.get(1));
            assertEquals(trace.traceId(), TraceParent.parse(traces.get(0)).orElseThrow().traceId(), written.get(1));
        }
    }

    private static IncomingEvent incoming(String topic, long orderId, String value) {
        return new IncomingEvent(topic, 0, OFFSETS.incrementAndGet(),
                String.valueOf(orderId).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }

    /** The order's saga history, each step as "step detail" (or the step alone without a detail). */
    private List<String> sagaSteps(long id) {
        return sql.list("SELECT step, detail FROM order_saga_steps WHERE order_id = ? ORDER BY id",
                row -> row.getString(1) + (row.getString(2) == null ? "" : " " + row.getString(2)), id);
    }
}
