package com.example.commerce.api.order;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.LockWaits;
import com.example.commerce.testsupport.OutboxRows;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(environments = "order-api", transactional = false)
class OrderApiTest extends ApiTestBase {

    String admin;
    String user;
    long book;
    long pen;

    @BeforeEach
    void catalog() {
        admin = api.adminToken();
        user = api.newUserToken();
        book = api.createProduct(admin, "Book", 12_000);
        pen = api.createProduct(admin, "Pen", 1_500);
    }

    private ApiClient.Answer place(String token, List<Map<String, Object>> items) {
        return api.send(HttpRequest.POST("/api/orders", Map.of("items", items)), token);
    }

    private static Map<String, Object> item(long productId, int quantity) {
        return Map.of("productId", productId, "quantity", quantity);
    }

    @Test
    void anOrderSnapshotsPricesComputesTheTotalAndLeavesItsEvent() {
        var order = place(user, List.of(item(book, 1), item(pen, 2)));

        assertEquals(201, order.status(), order::toString);
        assertEquals("PENDING", order.get("status"));
        assertEquals(15_000, ((Number) order.get("totalAmount")).longValue());
        assertEquals(List.of(12_000L, 3_000L), order.list("items").stream()
                .map(i -> ((Number) i.get("lineTotal")).longValue()).toList());

        api.send(HttpRequest.PUT("/api/products/" + pen, Map.of("name", "Pen", "category", "c", "brand", "b",
                "price", 9_999)), admin);
        var reread = api.send(HttpRequest.GET("/api/orders/" + order.id()), user);
        assertEquals(15_000, ((Number) reread.get("totalAmount")).longValue(), "the snapshot does not move");

        var events = outbox.of("Order", order.id());
        assertEquals(1, events.size());
        var created = events.get(0);
        assertEquals("order-events", created.topic());
        assertEquals("ORDER_CREATED", created.eventType());
        assertEquals(1, created.aggregateVersion());
        assertEquals(order.id(), ((Number) created.payload().get("orderId")).longValue());
        assertEquals(15_000, ((Number) created.payload().get("totalAmount")).longValue());
        assertEquals(2, ((List<?>) created.payload().get("items")).size());
    }

    /** Placing and paying answer from what their transactions wrote: the same order a read finds afterwards. */
    @Test
    void placingAndPayingAnswerTheOrderAsItIsReadBack() {
        var placed = place(user, List.of(item(book, 1), item(pen, 2)));
        assertEquals(201, placed.status(), placed::toString);
        assertEquals(api.send(HttpRequest.GET("/api/orders/" + placed.id()), user).body(), placed.body());
        assertEquals(List.of("ORDER_PLACED"), placed.list("history").stream().map(step -> step.get("step")).toList());

        var paid = api.send(HttpRequest.PATCH("/api/orders/" + placed.id() + "/pay", ""), user);
        assertEquals(200, paid.status(), paid::toString);
        assertEquals(api.send(HttpRequest.GET("/api/orders/" + placed.id()), user).body(), paid.body());
        assertEquals("CAPTURED", ((Map<?, ?>) paid.get("payment")).get("status"));
        assertEquals(List.of("ORDER_PLACED", "PAYMENT"),
                paid.list("history").stream().map(step -> step.get("step")).toList());
        assertEquals(2, ((List<?>) outbox.of("Order", placed.id()).get(1).payload().get("items")).size(),
                "ORDER_PAID carries the order's lines");
    }

    @Test
    void eventsCarryTheTraceOfTheRequestThatCausedThem() {
        String callerTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        long traced = api.send(HttpRequest.POST("/api/orders", Map.of("items", List.of(item(book, 1))))
                .header("traceparent", "00-" + callerTrace + "-00f067aa0ba902b7-01"), user).id();
        long untraced = place(user, List.of(item(book, 1))).id();
        long invalid = api.send(HttpRequest.POST("/api/orders", Map.of("items", List.of(item(book, 1))))
                .header("traceparent", "not-a-trace"), user).id();

        String joined = outbox.of("Order", traced).get(0).traceparent();
        assertTrue(joined.matches("00-" + callerTrace + "-[0-9a-f]{16}-01"), joined);
        assertFalse(joined.contains("00f067aa0ba902b7"), "the event is a span of its own");
        String started = outbox.of("Order", untraced).get(0).traceparent();
        String restarted = outbox.of("Order", invalid).get(0).traceparent();
        assertTrue(started.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), started);
        assertTrue(restarted.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), restarted);
        assertNotEquals(started.substring(3, 35), restarted.substring(3, 35), "each request starts its own trace");
    }

    @Test
    void payThenRefundFollowTheStateMachine() {
        long id = place(user, List.of(item(book, 1))).id();

        assertEquals("PAID", api.send(HttpRequest.PATCH("/api/orders/" + id + "/pay", ""), user).get("status"));
        var payAgain = assertProblem(409, api.send(HttpRequest.PATCH("/api/orders/" + id + "/pay", ""), user));
        assertEquals("PAID", context(payAgain).get("currentStatus"));
        assertEquals("CANCELLED",
                api.send(HttpRequest.PATCH("/api/orders/" + id + "/cancel", ""), user).get("status"));
        var cancelAgain = assertProblem(409, api.send(HttpRequest.PATCH("/api/orders/" + id + "/cancel", ""), user));
        assertEquals("CANCELLED", context(cancelAgain).get("currentStatus"));
        assertProblem(409, api.send(HttpRequest.PATCH("/api/orders/" + id + "/pay", ""), user));

        var events = outbox.of("Order", id);
        assertEquals(List.of("ORDER_CREATED", "ORDER_PAID", "ORDER_CANCELLED"),
                events.stream().map(OutboxRows.OutboxEvent::eventType).toList());
        assertEquals(List.of(1L, 2L, 3L), events.stream().map(OutboxRows.OutboxEvent::aggregateVersion).toList());
        assertEquals("PAID", events.get(2).payload().get("previousStatus"), "a refund of a paid order");
    }

    @Test
    void aPendingOrderCanBeCancelled() {
        long id = place(user, List.of(item(pen, 3))).id();

        var cancelled = api.send(HttpRequest.PATCH("/api/orders/" + id + "/cancel", ""), user);

        assertEquals("CANCELLED", cancelled.get("status"));
        assertEquals("PENDING", outbox.of("Order", id).get(1).payload().get("previousStatus"));
    }

    @Test
    void anotherUsersOrderDoesNotExistForYou() {
        long id = place(user, List.of(item(book, 1))).id();
        String other = api.newUserToken();

        assertProblem(404, api.send(HttpRequest.GET("/api/orders/" + id), other));
        assertProblem(404, api.send(HttpRequest.PATCH("/api/orders/" + id + "/pay", ""), other));
        assertProblem(404, api.send(HttpRequest.PATCH("/api/orders/" + id + "/cancel", ""), other));
        assertEquals(0, ((Number) api.send(HttpRequest.GET("/api/orders"), other).get("total")).longValue());
        assertEquals(List.of("ORDER_CREATED"), outbox.types("Order", id));
    }

    @Test
    void aBodyIsExactlyOneJsonValue() {
        String one = api.json(Map.of("items", List.of(item(book, 1))));
        var twice = assertProblem(400, api.send(HttpRequest.POST("/api/orders", one + one)
                .contentType("application/json"), user));
        assertEquals("urn:commerce:problem:trailing-content", twice.get("type"));
        assertProblem(400, api.send(HttpRequest.POST("/api/orders", one + " garbage")
                .contentType("application/json"), user));
        String name = "tj" + UUID.randomUUID().toString().substring(0, 8);
        assertProblem(400, api.send(HttpRequest.POST("/api/auth/signup/",
                "{\"username\":\"" + name + "\",\"password\":\"secret123\"} {}").contentType("application/json")));
        assertEquals(0, sql.count("SELECT count(*) FROM users WHERE username = ?", name));
        assertEquals(0, ((Number) api.send(HttpRequest.GET("/api/orders"), user).get("total")).longValue(),
                "nothing was ordered");

        assertEquals(201, api.send(HttpRequest.POST("/api/orders", " " + one + "\r\n\t ")
                .contentType("application/json"), user).status(), "white space around the value is fine");
    }

    @Test
    void badItemsAreRefusedNamingTheItemAndWriteNothing() {
        long inactive = api.createProduct(admin, "Withdrawn", 10);
        api.send(HttpRequest.DELETE("/api/products/" + inactive), admin);

        var unknown = assertProblem(422, place(user, List.of(item(book, 1), item(987_654_321L, 1))));
        assertEquals(1, ((Number) context(unknown).get("item")).intValue());
        assertEquals(987_654_321L, ((Number) context(unknown).get("productId")).longValue());
        var withdrawn = assertProblem(422, place(user, List.of(item(inactive, 1))));
        assertEquals(inactive, ((Number) context(withdrawn).get("productId")).longValue());
        var duplicate = assertProblem(422, place(user, List.of(item(pen, 1), item(book, 1), item(pen, 2))));
        assertEquals(2, ((Number) context(duplicate).get("item")).intValue());
        var zero = assertProblem(400, place(user, List.of(item(book, 1), item(pen, 0))));
        assertEquals("items[1].quantity", zero.list("errors").get(0).get("field"));
        assertProblem(400, place(user, List.of()));
        assertProblem(400, api.send(HttpRequest.POST("/api/orders", Map.of()), user));
        assertProblem(400, api.send(HttpRequest.POST("/api/orders", Map.of("items", List.of(
                Map.of("productId", "one", "quantity", 1)))), user));
        assertProblem(400, place(user, List.of(item(book, 1001))));

        assertEquals(0, ((Number) api.send(HttpRequest.GET("/api/orders"), user).get("total")).longValue(),
                "no partial order");
    }

    /**
     * A product deactivated by a transaction that has not committed yet: the order waits for it and then refuses
     * the product, instead of ordering what is being withdrawn at that moment. The other transaction does what
     * CatalogService.delete does (its lock, then the update); CatalogApiTest shows that the service takes that lock.
     */
    @Test
    void anOrderWaitsForAConcurrentDeactivationAndThenRefusesTheProduct() throws Exception {
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (Connection admin = sql.openTransaction("SELECT pg_advisory_xact_lock(?)", pen)) {
            try (var deactivate = admin.prepareStatement(
                    "UPDATE products SET status = 'INACTIVE', version = version + 1 WHERE id = ?")) {
                deactivate.setLong(1, pen);
                assertEquals(1, deactivate.executeUpdate());
            }
            Future<ApiClient.Answer> order = client.submit(() -> place(user, List.of(item(book, 1), item(pen, 1))));
            LockWaits.awaitBlocked(sql, "query LIKE '%pg_advisory_xact_lock_shared%'", order,
                    "the order (behind the uncommitted deactivation)");
            admin.commit();

            var refused = assertProblem(422, order.get(30, TimeUnit.SECONDS));
            assertEquals(pen, ((Number) context(refused).get("productId")).longValue());
        } finally {
            client.shutdownNow();
        }
        assertEquals(0, ((Number) api.send(HttpRequest.GET("/api/orders"), user).get("total")).longValue());
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyReturnsTheOriginalOrder() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("items", List.of(item(book, 2)));

        var first = api.send(HttpRequest.POST("/api/orders", body).header("Idempotency-Key", key), user);
        var retry = api.send(HttpRequest.POST("/api/orders", body).header("Idempotency-Key", key), user);

        assertEquals(201, first.status());
        assertEquals(201, retry.status());
        assertEquals(first.id(), retry.id());
        assertEquals(first.get("createdAt"), retry.get("createdAt"), "the replay is the stored order, to the microsecond");
        assertEquals("false", first.headers().get("idempotent-replayed"));
        assertEquals("true", retry.headers().get("idempotent-replayed"));
        assertEquals(List.of("ORDER_CREATED"), outbox.types("Order", first.id()));
        assertEquals(1, ((Number) api.send(HttpRequest.GET("/api/orders"), user).get("total")).longValue());

        var different = assertProblem(422, api.send(HttpRequest.POST("/api/orders",
                Map.of("items", List.of(item(pen, 1)))).header("Idempotency-Key", key), user));
        assertEquals(first.id(), ((Number) context(different).get("orderId")).longValue());

        String otherUser = api.newUserToken();
        var sameKeyOtherUser = api.send(HttpRequest.POST("/api/orders", body).header("Idempotency-Key", key),
                otherUser);
        assertEquals(201, sameKeyOtherUser.status(), "keys are per user");
        assertTrue(sameKeyOtherUser.id() != first.id());

        assertProblem(400, api.send(HttpRequest.POST("/api/orders", body).header("Idempotency-Key", "k".repeat(129)),
                user));
    }

    @Test
    void myOrdersArePagedNewestFirst() {
        long older = place(user, List.of(item(book, 1))).id();
        long newer = place(user, List.of(item(pen, 1))).id();

        var page = api.send(HttpRequest.GET("/api/orders?page=1&size=1"), user);

        assertEquals(2, ((Number) page.get("total")).longValue());
        assertEquals(List.of(newer), page.list("items").stream().map(o -> ((Number) o.get("id")).longValue()).toList());
        var second = api.send(HttpRequest.GET("/api/orders?page=2&size=1"), user);
        assertEquals(List.of(older), second.list("items").stream().map(o -> ((Number) o.get("id")).longValue()).toList());
        assertEquals(1, second.list("items").get(0).get("items") instanceof List<?> l ? l.size() : -1);
        assertProblem(400, api.send(HttpRequest.GET("/api/orders?size=0"), user));
    }
}
