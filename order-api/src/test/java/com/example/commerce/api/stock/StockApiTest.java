package com.example.commerce.api.stock;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.inventory.Inventory;
import com.example.commerce.inventory.ReservationLine;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stock administration over real HTTP against the real (embedded) PostgreSQL. */
@MicronautTest(environments = "order-api", transactional = false)
class StockApiTest extends ApiTestBase {

    @Inject
    Inventory inventory;

    private static String stockPath(long productId) {
        return "/api/admin/products/" + productId + "/stock";
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    private static Map<String, Object> level(long productId, Long onHand, Long reserved, Long available) {
        var level = new HashMap<String, Object>();
        level.put("productId", productId);
        level.put("onHand", onHand);
        level.put("reserved", reserved);
        level.put("available", available);
        return level;
    }

    /** The answer's body with its numbers as longs, to compare with {@link #level}. */
    private static Map<String, Object> body(Map<String, Object> body) {
        var normalized = new HashMap<String, Object>();
        body.forEach((key, value) -> normalized.put(key, value instanceof Number n ? (Object) n.longValue() : value));
        return normalized;
    }

    @Test
    void anAdministratorSetsReadsAndStopsTrackingAProductsStock() {
        String admin = api.adminToken();
        long product = api.createProduct(admin, "Stocked", 100);

        var untracked = api.send(HttpRequest.GET(stockPath(product)), admin);
        assertEquals(200, untracked.status(), untracked::toString);
        assertEquals(level(product, null, null, null), body(untracked.body()));
        assertNull(api.send(HttpRequest.GET("/api/products/" + product)).get("available"));

        var set = api.send(HttpRequest.PUT(stockPath(product), Map.of("onHand", 12)), admin);
        assertEquals(200, set.status(), set::toString);
        assertEquals(level(product, 12L, 0L, 12L), body(set.body()));
        assertEquals(level(product, 12L, 0L, 12L), body(api.send(HttpRequest.GET(stockPath(product)), admin).body()));
        assertEquals(12, number(api.send(HttpRequest.GET("/api/products/" + product)).get("available")));

        // Orders hold some: available is what is left.
        inventory.reserve(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 60),
                List.of(new ReservationLine(product, 5)));
        assertEquals(7, number(api.send(HttpRequest.GET("/api/products/" + product)).get("available")));
        var page = api.send(HttpRequest.GET("/api/products?size=100"));
        assertTrue(page.list("items").stream().anyMatch(p -> number(p.get("id")) == product
                && number(p.get("available")) == 7), page::toString);

        // Trailing slashes are the same routes.
        var slash = api.send(HttpRequest.PUT(stockPath(product) + "/", Map.of("onHand", 20)), admin);
        assertEquals(200, slash.status(), slash::toString);
        assertEquals(level(product, 20L, 5L, 15L), body(slash.body()));
        assertEquals(level(product, 20L, 5L, 15L),
                body(api.send(HttpRequest.GET(stockPath(product) + "/"), admin).body()));

        assertEquals(List.of("STOCK_LEVEL_CHANGED", "STOCK_LEVEL_CHANGED", "STOCK_LEVEL_CHANGED"),
                outbox.types("Stock", product), "set, reserved, set");
        assertEquals(20, number(outbox.of("Stock", product).get(2).payload().get("onHand")));
    }

    @Test
    void stockOrdersHoldCannotBeTakenAway() {
        String admin = api.adminToken();
        long product = api.createProduct(admin, "Held", 100);
        api.send(HttpRequest.PUT(stockPath(product), Map.of("onHand", 6)), admin);
        long order = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 60);
        inventory.reserve(order, List.of(new ReservationLine(product, 4)));

        var below = assertProblem(409, api.send(HttpRequest.PUT(stockPath(product), Map.of("onHand", 3)), admin));
        assertEquals("urn:commerce:problem:stock-below-reserved", below.get("type"));
        assertEquals(4, number(context(below).get("reserved")));
        var reserved = assertProblem(409, api.send(HttpRequest.DELETE(stockPath(product)), admin));
        assertEquals("urn:commerce:problem:stock-reserved", reserved.get("type"));
        assertEquals(4, number(context(reserved).get("reserved")));
        assertEquals(level(product, 6L, 4L, 2L), body(api.send(HttpRequest.GET(stockPath(product)), admin).body()));

        inventory.release(order);
        var untracked = api.send(HttpRequest.DELETE(stockPath(product) + "/"), admin);
        assertEquals(204, untracked.status(), untracked::toString);
        assertEquals(level(product, null, null, null),
                body(api.send(HttpRequest.GET(stockPath(product)), admin).body()));
        assertNull(api.send(HttpRequest.GET("/api/products/" + product)).get("available"));
        assertEquals(204, api.send(HttpRequest.DELETE(stockPath(product)), admin).status(), "untracking twice");
        var last = outbox.of("Stock", product).get(outbox.of("Stock", product).size() - 1);
        assertEquals(false, last.payload().get("tracked"));
    }

    @Test
    void invalidQuantitiesUnknownProductsAndOtherUsersAreRefused() {
        String admin = api.adminToken();
        long product = api.createProduct(admin, "Refusals", 100);

        assertProblem(400, api.send(HttpRequest.PUT(stockPath(product), Map.of("onHand", -1)), admin));
        assertProblem(400, api.send(HttpRequest.PUT(stockPath(product), Map.of("onHand", 1_000_001)), admin));
        assertProblem(400, api.send(HttpRequest.PUT(stockPath(product), Map.of()), admin));
        assertProblem(400, api.send(HttpRequest.PUT(stockPath(product), Map.of("onHand", "twelve")), admin));
        assertProblem(400, api.send(HttpRequest.PUT(stockPath(product), "{\"onHand\": 1.5}")
                .contentType(MediaType.APPLICATION_JSON_TYPE), admin));
        assertProblem(400, api.send(HttpRequest.PUT(stockPath(product), "{\"onHand\": null}")
                .contentType(MediaType.APPLICATION_JSON_TYPE), admin));
        assertEquals(level(product, null, null, null), body(api.send(HttpRequest.GET(stockPath(product)), admin).body()),
                "nothing was set");
        assertEquals(1_000_000, number(api.send(HttpRequest.PUT(stockPath(product), Map.of("onHand", 1_000_000)),
                admin).get("onHand")));

        assertProblem(404, api.send(HttpRequest.GET(stockPath(999_999_999)), admin));
        assertProblem(404, api.send(HttpRequest.PUT(stockPath(999_999_999), Map.of("onHand", 1)), admin));
        assertProblem(404, api.send(HttpRequest.DELETE(stockPath(999_999_999)), admin));

        String user = api.newUserToken();
        assertProblem(403, api.send(HttpRequest.GET(stockPath(product)), user));
        assertProblem(403, api.send(HttpRequest.GET(stockPath(product) + "/"), user));
        assertProblem(403, api.send(HttpRequest.PUT(stockPath(product), Map.of("onHand", 1)), user));
        assertProblem(403, api.send(HttpRequest.PUT(stockPath(product) + "/", Map.of("onHand", 1)), user));
        assertProblem(403, api.send(HttpRequest.DELETE(stockPath(product)), user));
        assertProblem(401, api.send(HttpRequest.GET(stockPath(product))));
        assertEquals(1_000_000, number(api.send(HttpRequest.GET(stockPath(product)), admin).get("onHand")));
    }
}
