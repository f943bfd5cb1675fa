package com.example.commerce.local;

import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Sql;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

import static com.example.commerce.testsupport.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The local system runs the saga's participants: an order placed through the API is reserved by the inventory
 * participant (through the relay and order-events), and its cancellation reaches the shipping participant.
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", "fulfillment-fn",
        LocalApplication.LOCAL})
class FulfillmentFlowTest {

    @Inject
    ApiClient api;

    @Inject
    DataSource dataSource;

    private long available(String admin, long product) {
        return ((Number) api.send(HttpRequest.GET("/api/admin/products/" + product + "/stock"), admin)
                .get("available")).longValue();
    }

    @Test
    void anOrderReservesItsStockAndItsCancellationReachesShipping() throws Exception {
        Sql sql = Sql.of(dataSource);
        String admin = api.adminToken();
        long product = api.createProduct(admin, "Saga mug", 1_000);
        var set = api.send(HttpRequest.PUT("/api/admin/products/" + product + "/stock", Map.of("onHand", 5)), admin);
        assertEquals(200, set.status(), set::toString);
        String user = api.newUserToken();

        var placed = api.send(HttpRequest.POST("/api/orders", Map.of("items",
                List.of(Map.of("productId", product, "quantity", 2)))), user);
        assertEquals(201, placed.status(), placed::toString);
        long order = placed.id();
        await("the order's stock reserved", () -> available(admin, product) == 3);
        assertEquals(List.of("RESERVED"), sql.list("SELECT status FROM stock_reservations WHERE order_id = ?",
                row -> row.getString(1), order));

        var tooMany = api.send(HttpRequest.POST("/api/orders", Map.of("items",
                List.of(Map.of("productId", product, "quantity", 4)))), user);
        assertEquals(201, tooMany.status(), tooMany::toString);
        // Rejected, and then cancelled by the saga, whose release request moves the reservation on to RELEASED within
        // milliseconds: what stays is the cancellation for want of stock and a reservation that holds nothing.
        await("the order that does not fit cancelled for want of stock", () -> {
            var answer = api.send(HttpRequest.GET("/api/orders/" + tooMany.id()), user);
            return "CANCELLED".equals(answer.get("status")) && "OUT_OF_STOCK".equals(answer.get("cancellationReason"));
        });
        assertEquals(1, sql.count("""
                SELECT count(*) FROM stock_reservations WHERE order_id = ? AND status IN ('REJECTED', 'RELEASED')""",
                tooMany.id()), "the rejected order's reservation");
        assertEquals(3, available(admin, product), "a rejected order holds nothing");

        assertEquals(200, api.send(HttpRequest.PATCH("/api/orders/" + order + "/cancel", ""), user).status());
        await("no shipment will be scheduled for the cancelled order", () -> sql.count(
                "SELECT count(*) FROM shipments WHERE order_id = ? AND status = 'CANCELLED'", order) == 1);
    }
}
