package com.example.commerce.local;

import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Eventually;
import com.example.commerce.testsupport.Sql;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order fulfilment saga end to end, on the whole local system (order-api with its saga handler and timer, the
 * relay, fulfillment-fn's inventory and shipping participants, notification-fn, indexer-fn) and the real PostgreSQL
 * and Kafka: every rule of docs/saga.md as a client and an operator see it. Timings are shortened so that expiry,
 * reconciliation and parking happen within seconds.
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", "fulfillment-fn",
        LocalApplication.LOCAL})
@Property(name = "commerce.orders.payment-timeout", value = "8s")
@Property(name = "commerce.saga.timer-interval", value = "500ms")
@Property(name = "commerce.payments.gateway-timeout", value = "1s")
@Property(name = "commerce.payments.reconcile-after", value = "2s")
@Property(name = "commerce.saga.retry-initial", value = "200ms")
@Property(name = "commerce.saga.retry-max", value = "500ms")
@Property(name = "commerce.saga.max-attempts", value = "3")
@Property(name = "commerce.payments.sandbox.refund-declines", value = "3")
class SagaFlowTest {

    private static final Duration SAGA = Duration.ofSeconds(45);
    /**
     * The consumer groups of the saga and of the notifications, with their topics: their lag tells when a redelivery
     * was handled.
     */
    private static final Map<String, List<String>> GROUPS = Map.of(
            "fulfillment-inventory", List.of("order-events"),
            "fulfillment-shipping", List.of("inventory-events", "order-events"),
            "order-saga", List.of("inventory-events", "shipping-events"),
            "notification-service", List.of("order-events", "payment-events"));
    private static boolean caughtUp;

    @Inject
    ApiClient api;

    @Inject
    DataSource dataSource;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    /**
     * The build's modules share one database and broker: the relay publishes the outbox rows the modules built
     * before this one left, and the saga's consumer groups read every topic from the start. The rules below are
     * timed in seconds (the payment time-out is 8 s), so they start from a system that has caught up.
     */
    @BeforeEach
    void catchUp() throws Exception {
        if (caughtUp) {
            return;
        }
        // Waited for once: a system that never catches up fails the first test, not each one after a long wait.
        caughtUp = true;
        // Only the topics this test reads: other modules' tests leave rows of their own topics that never publish.
        Eventually.await("the outbox published", Duration.ofMinutes(3), () -> sql().count("""
                SELECT count(*) FROM outbox WHERE published_at IS NULL AND parked_at IS NULL
                AND topic IN ('order-events', 'inventory-events', 'payment-events', 'shipping-events')""") == 0);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Eventually.await("the saga's consumers caught up", Duration.ofMinutes(3), () -> lag(admin) == 0);
        }
        // The other modules' tests publish events of made-up orders, and the participants keep a reservation and a
        // shipment per order id: this test's orders are numbered past every id they saw, so that none of them
        // finds a reservation it never made (in production every order id is an order's).
        sql().list("""
                SELECT setval('orders_id_seq', greatest((SELECT coalesce(max(id), 0) FROM orders),
                       (SELECT coalesce(max(order_id), 0) FROM stock_reservations),
                       (SELECT coalesce(max(order_id), 0) FROM shipments)) + 1)""", rows -> rows.getLong(1));
    }

    @Test
    void anOrderGoesFromPlacedToDelivered() throws Exception {
        String admin = api.adminToken();
        long product = trackedProduct(admin, "Saga lamp", 5);
        String user = api.newUserToken();
        long order = place(user, product, 2);

        var paid = pay(user, order, null);
        assertEquals(200, paid.status(), paid::toString);
        assertEquals("PAID", paid.get("status"));

        var scheduled = awaitOrder(user, order, o -> shipmentStatus(o).equals("SCHEDULED"));
        assertNotNull(shipment(scheduled).get("carrierReference"));
        assertEquals("CAPTURED", payment(scheduled).get("status"));
        assertStock(admin, product, 3, 0, 3);

        var shipped = api.send(HttpRequest.PATCH("/api/admin/orders/" + order + "/ship", Map.of()), admin);
        assertEquals(200, shipped.status(), shipped::toString);
        assertEquals("SHIPPED", shipped.get("status"));
        var tooLate = api.send(HttpRequest.PATCH("/api/orders/" + order + "/cancel", Map.of()), user);
        assertConflict(tooLate, "SHIPPED");
        var delivered = api.send(HttpRequest.PATCH("/api/admin/orders/" + order + "/deliver", Map.of()), admin);
        assertEquals(200, delivered.status(), delivered::toString);
        assertEquals("DELIVERED", delivered.get("status"));

        var done = awaitOrder(user, order, o -> shipmentStatus(o).equals("DELIVERED"));
        assertTrue(step(done, "STOCK", "RESERVED") < step(done, "STOCK", "DEDUCTED")
                        && step(done, "STOCK", "DEDUCTED") < step(done, "SHIPMENT", "SCHEDULED")
                        && step(done, "SHIPMENT", "SCHEDULED") < step(done, "ORDER_DELIVERED", ""),
                () -> "history: " + done.get("history"));
        awaitNotifications(user, order, "ORDER_SHIPPED", "ORDER_DELIVERED");
        assertEquals(1, sql().count("SELECT count(*) FROM sandbox_gateway_operations WHERE kind = 'CHARGE' "
                + "AND idempotency_key LIKE ?", "order-" + order + "-%"));

        redeliverEverySagaEvent(order);
        assertStock(admin, product, 3, 0, 3);
        assertEquals(1, sql().count("SELECT count(*) FROM shipments WHERE order_id = ?", order));
        assertEquals(1, sql().count("SELECT count(*) FROM payments WHERE order_id = ?", order));
        assertEquals("DELIVERED", api.send(HttpRequest.GET("/api/orders/" + order), user).get("status"));
        assertEquals(1, sql().count("SELECT count(*) FROM notifications WHERE order_id = ? AND type = 'ORDER_DELIVERED'",
                order));
    }

    @Test
    void fiftyConcurrentOrdersForTenInStockLeaveTenThatGoOn() throws Exception {
        String admin = api.adminToken();
        long product = trackedProduct(admin, "Saga scarce", 10);
        var users = new ArrayList<String>();
        for (int i = 0; i < 50; i++) {
            users.add(api.newUserToken());
        }
        var pool = Executors.newFixedThreadPool(16);
        var placing = new ArrayList<Future<Long>>();
        for (String user : users) {
            placing.add(pool.submit(() -> place(user, product, 1)));
        }
        var orders = new ArrayList<Long>();
        for (Future<Long> placed : placing) {
            orders.add(placed.get());
        }
        // Every order is paid at once, as a client would: some before the inventory answered, some after.
        var paying = new ArrayList<Future<Integer>>();
        for (int i = 0; i < 50; i++) {
            String user = users.get(i);
            long order = orders.get(i);
            paying.add(pool.submit(() -> pay(user, order, null).status()));
        }
        for (Future<Integer> status : paying) {
            assertTrue(List.of(200, 409).contains(status.get()), "pay answered " + status.get());
        }
        pool.shutdown();

        Object ids = orders.toArray(Long[]::new); // one array parameter, not varargs
        Eventually.await("every order settled", SAGA, () -> sql().count("""
                SELECT count(*) FROM orders o JOIN order_sagas s ON s.order_id = o.id
                WHERE o.id = ANY (?) AND (s.status = 'COMPENSATED'
                       OR (o.status = 'PAID' AND s.shipment_status = 'SCHEDULED'))""", ids) == 50);
        assertEquals(10, sql().count("SELECT count(*) FROM orders WHERE id = ANY (?) AND status = 'PAID'",
                ids));
        assertEquals(40, sql().count("SELECT count(*) FROM orders WHERE id = ANY (?) AND status = 'CANCELLED' "
                + "AND cancellation_reason = 'OUT_OF_STOCK'", ids));
        assertStock(admin, product, 0, 0, 0);
        // A paid order that could not be reserved was refunded, once; no cancelled order has a live charge.
        assertEquals(0, sql().count("""
                SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id
                WHERE o.id = ANY (?) AND o.status = 'CANCELLED' AND p.status <> 'REFUNDED' AND p.status <> 'FAILED'""",
                ids));
        for (int i = 0; i < 50; i++) {
            if (sql().count("SELECT count(*) FROM orders WHERE id = ? AND status = 'CANCELLED'", orders.get(i)) == 1) {
                awaitNotifications(users.get(i), orders.get(i), "ORDER_CANCELLED");
            }
        }
    }

    @Test
    void aDeclinedPaymentLeavesTheOrderPayable() throws Exception {
        long product = api.createProduct(api.adminToken(), "Saga mug", 4_000);
        String user = api.newUserToken();
        long order = place(user, product, 1);

        var declined = pay(user, order, "tok_decline");
        assertEquals(402, declined.status(), declined::toString);
        assertTrue(declined.contentType().startsWith("application/problem+json"), declined::toString);
        var after = api.send(HttpRequest.GET("/api/orders/" + order), user);
        assertEquals("PENDING", after.get("status"));
        assertEquals("FAILED", payment(after).get("status"));
        awaitNotifications(user, order, "PAYMENT_FAILED");

        var paid = pay(user, order, "tok_ok");
        assertEquals(200, paid.status(), paid::toString);
        assertEquals("CAPTURED", payment(paid).get("status"));
        assertEquals(2, sql().count("SELECT count(*) FROM payments WHERE order_id = ?", order));
        assertEquals(1, sql().count("SELECT count(*) FROM payments WHERE order_id = ? AND status = 'CAPTURED'", order));
    }

    @Test
    void aGatewayTimeOutIsReconciledAndNeverChargesTwice() throws Exception {
        long product = api.createProduct(api.adminToken(), "Saga clock", 9_000);
        String user = api.newUserToken();
        long order = place(user, product, 1);

        var unknown = pay(user, order, "tok_timeout");
        assertEquals(202, unknown.status(), unknown::toString);
        assertEquals("PENDING", payment(unknown).get("status"));
        var retried = pay(user, order, "tok_timeout");
        assertTrue(List.of(200, 202, 409).contains(retried.status()), retried::toString);

        var reconciled = awaitOrder(user, order, o -> "PAID".equals(o.get("status")));
        assertEquals("CAPTURED", payment(reconciled).get("status"));
        assertEquals(1, sql().count("SELECT count(*) FROM sandbox_gateway_operations WHERE kind = 'CHARGE' "
                + "AND outcome = 'CAPTURED' AND idempotency_key LIKE ?", "order-" + order + "-%"));
        assertEquals(1, sql().count("SELECT count(*) FROM payments WHERE order_id = ?", order));
    }

    @Test
    void cancellingAPaidOrderCompensatesInReverseOrder() throws Exception {
        String admin = api.adminToken();
        long product = trackedProduct(admin, "Saga chair", 5);
        String user = api.newUserToken();
        long order = place(user, product, 2);
        assertEquals(200, pay(user, order, null).status());
        awaitOrder(user, order, o -> shipmentStatus(o).equals("SCHEDULED"));
        assertStock(admin, product, 3, 0, 3);

        var cancelled = api.send(HttpRequest.PATCH("/api/orders/" + order + "/cancel", Map.of()), user);
        assertEquals(200, cancelled.status(), cancelled::toString);
        assertEquals("CANCELLED", cancelled.get("status"));
        assertEquals("USER", cancelled.get("cancellationReason"));

        var compensated = awaitOrder(user, order, o -> "REFUNDED".equals(payment(o).get("status"))
                && "CANCELLED".equals(shipmentStatus(o)) && step(o, "STOCK", "RELEASED") >= 0);
        assertStock(admin, product, 5, 0, 5);
        int shipmentCancelled = step(compensated, "CANCEL_SHIPMENT", "");
        int refunded = step(compensated, "REFUND", "refunded");
        int released = step(compensated, "STOCK", "RELEASED");
        assertTrue(shipmentCancelled >= 0 && shipmentCancelled < refunded && refunded < released,
                () -> "compensation in reverse order: " + compensated.get("history"));
        awaitNotifications(user, order, "PAYMENT_REFUNDED");

        redeliverEverySagaEvent(order);
        assertStock(admin, product, 5, 0, 5);
        assertEquals(1, sql().count("SELECT count(*) FROM sandbox_gateway_operations WHERE kind = 'REFUND' "
                + "AND idempotency_key LIKE ?", "%order-" + order + "-%"));
        assertEquals(1, sql().count("SELECT count(*) FROM notifications WHERE order_id = ? AND type = 'PAYMENT_REFUNDED'",
                order));
        assertEquals("CANCELLED", sql().list("SELECT status FROM shipments WHERE order_id = ?",
                rows -> rows.getString(1), order).get(0));
    }

    @Test
    void anUnpaidOrderExpiresAndReturnsItsStock() throws Exception {
        String admin = api.adminToken();
        long product = trackedProduct(admin, "Saga snow", 3);
        String user = api.newUserToken();
        long order = place(user, product, 3);
        Eventually.await("reserved", SAGA, () -> available(admin, product) == 0);

        var expired = awaitOrder(user, order, o -> "CANCELLED".equals(o.get("status")));
        assertEquals("PAYMENT_TIMEOUT", expired.get("cancellationReason"));
        assertNull(expired.get("payment"));
        Eventually.await("stock returned", SAGA, () -> available(admin, product) == 3);
        awaitNotifications(user, order, "ORDER_CANCELLED");
        assertConflict(pay(user, order, null), "CANCELLED");
    }

    @Test
    void aRefundThatKeepsFailingIsStuckUntilAnOperatorRetries() throws Exception {
        String admin = api.adminToken();
        long product = trackedProduct(admin, "Saga vase", 2);
        String user = api.newUserToken();
        long order = place(user, product, 1);
        assertEquals(200, pay(user, order, "tok_refund_fail").status());
        assertEquals(200, api.send(HttpRequest.PATCH("/api/orders/" + order + "/cancel", Map.of()), user).status());

        var stuck = Eventually.lastRead(SAGA, Duration.ofMillis(200),
                () -> api.send(HttpRequest.GET("/api/admin/sagas?status=STUCK&size=100"), admin).list("items"),
                items -> items.stream().anyMatch(s -> ((Number) s.get("orderId")).longValue() == order));
        var saga = stuck.stream().filter(s -> ((Number) s.get("orderId")).longValue() == order).findFirst().orElseThrow();
        assertNotNull(saga.get("lastError"), saga::toString);
        assertEquals("REFUND_FAILED", payment(api.send(HttpRequest.GET("/api/orders/" + order), user)).get("status"));
        assertEquals(1, available(admin, product), "the stock waits for the refund");

        var retried = api.send(HttpRequest.POST("/api/admin/sagas/" + order + "/retry", Map.of()), admin);
        assertTrue(List.of(200, 202).contains(retried.status()), retried::toString);
        awaitOrder(user, order, o -> "REFUNDED".equals(payment(o).get("status")) && step(o, "STOCK", "RELEASED") >= 0);
        Eventually.await("stock returned", SAGA, () -> available(admin, product) == 2);
        assertTrue(api.send(HttpRequest.GET("/api/admin/sagas?status=STUCK&size=100"), admin).list("items").stream()
                .noneMatch(s -> ((Number) s.get("orderId")).longValue() == order));
    }

    // --- the client's and the operator's requests

    private long trackedProduct(String admin, String name, long onHand) {
        long product = api.createProduct(admin, name, 2_500);
        var stock = api.send(HttpRequest.PUT("/api/admin/products/" + product + "/stock", Map.of("onHand", onHand)),
                admin);
        assertEquals(200, stock.status(), stock::toString);
        return product;
    }

    private long place(String user, long product, int quantity) {
        var placed = api.send(HttpRequest.POST("/api/orders", Map.of("items",
                List.of(Map.of("productId", product, "quantity", quantity)))), user);
        assertEquals(201, placed.status(), placed::toString);
        return placed.id();
    }

    private ApiClient.Answer pay(String user, long order, String token) {
        Map<String, Object> body = token == null ? Map.of() : Map.of("paymentToken", token);
        return api.send(HttpRequest.PATCH("/api/orders/" + order + "/pay", body), user);
    }

    private Map<String, Object> awaitOrder(String user, long order, Predicate<Map<String, Object>> done)
            throws Exception {
        Map<String, Object> last = Eventually.lastRead(SAGA, Duration.ofMillis(100),
                () -> api.send(HttpRequest.GET("/api/orders/" + order), user).body(), done);
        assertTrue(done.test(last), () -> "order " + order + " never got there: " + last);
        return last;
    }

    private void awaitNotifications(String user, long order, String... types) throws Exception {
        Callable<List<String>> read = () -> api.send(HttpRequest.GET("/api/notifications?size=100"), user)
                .list("items").stream().filter(n -> ((Number) n.get("orderId")).longValue() == order)
                .map(n -> (String) n.get("type")).toList();
        List<String> seen = Eventually.lastRead(SAGA, Duration.ofMillis(100), read,
                found -> found.containsAll(List.of(types)));
        assertTrue(seen.containsAll(List.of(types)), () -> "order " + order + " notifications: " + seen);
    }

    private void assertStock(String admin, long product, long onHand, long reserved, long available) throws Exception {
        String expected = onHand + "/" + reserved + "/" + available;
        String last = Eventually.lastRead(SAGA, Duration.ofMillis(100), () -> stock(admin, product), expected::equals);
        assertEquals(expected, last, "on hand / reserved / available of product " + product);
    }

    private String stock(String admin, long product) {
        var stock = api.send(HttpRequest.GET("/api/admin/products/" + product + "/stock"), admin);
        return stock.get("onHand") + "/" + stock.get("reserved") + "/" + stock.get("available");
    }

    private long available(String admin, long product) {
        return ((Number) api.send(HttpRequest.GET("/api/admin/products/" + product + "/stock"), admin)
                .get("available")).longValue();
    }

    private static void assertConflict(ApiClient.Answer answer, String currentStatus) {
        assertEquals(409, answer.status(), answer::toString);
        @SuppressWarnings("unchecked")
        var context = (Map<String, Object>) answer.get("context");
        assertEquals(currentStatus, context.get("currentStatus"), answer::toString);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payment(Map<String, Object> order) {
        var payment = (Map<String, Object>) order.get("payment");
        return payment == null ? Map.of() : payment;
    }

    private static Map<String, Object> payment(ApiClient.Answer order) {
        return payment(order.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> shipment(Map<String, Object> order) {
        var shipment = (Map<String, Object>) order.get("shipment");
        return shipment == null ? Map.of() : shipment;
    }

    private static String shipmentStatus(Map<String, Object> order) {
        return String.valueOf(shipment(order).get("status"));
    }

    /**
     * Where in the order's history the first successful step of that name is whose detail starts with
     * {@code detail}; -1 if there is none.
     */
    @SuppressWarnings("unchecked")
    private static int step(Map<String, Object> order, String name, String detail) {
        var history = (List<Map<String, Object>>) order.get("history");
        for (int i = 0; i < history.size(); i++) {
            var step = history.get(i);
            if (name.equals(step.get("step")) && "DONE".equals(step.get("status"))
                    && String.valueOf(step.get("detail")).startsWith(detail)) {
                return i;
            }
        }
        return -1;
    }

    private Sql sql() {
        return Sql.of(dataSource);
    }

    // --- redelivery

    /**
     * Publishes every event of the order's saga (its order, reservation, payment and shipment events, as the outbox
     * holds them) to its topic a second time, as a relay retry or a consumer rebalance would, and waits until every
     * saga consumer has read past them.
     */
    private void redeliverEverySagaEvent(long order) throws Exception {
        record Event(String topic, String key, String value) {
        }
        List<Event> events = sql().list("""
                SELECT topic, aggregate_id, event::text FROM outbox
                WHERE aggregate_id = ? AND aggregate_type IN ('Order', 'Reservation', 'Payment', 'Shipment')
                ORDER BY id""", rows -> new Event(rows.getString(1), rows.getString(2), rows.getString(3)),
                String.valueOf(order));
        assertTrue(events.size() >= 5, () -> "the saga's events: " + events);
        var config = Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (Event event : events) {
                producer.send(new ProducerRecord<>(event.topic(), event.key(), event.value())).get();
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Eventually.await("the saga's consumers caught up", SAGA, () -> lag(admin) == 0);
        }
    }

    /** Records on the groups' topics that a group has not committed yet (all of a partition it never committed). */
    private static long lag(Admin admin) throws Exception {
        long lag = 0;
        for (var group : GROUPS.entrySet()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group.getKey()).partitionsToOffsetAndMetadata().get();
            var partitions = new ArrayList<TopicPartition>();
            for (var description : admin.describeTopics(group.getValue()).allTopicNames().get().values()) {
                description.partitions().forEach(p -> partitions.add(new TopicPartition(description.name(),
                        p.partition())));
            }
            var ends = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata done = committed.get(partition);
                lag += ends.get(partition).offset() - (done == null ? 0 : done.offset());
            }
        }
        return lag;
    }
}
