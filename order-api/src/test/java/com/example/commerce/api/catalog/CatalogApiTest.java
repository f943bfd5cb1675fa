package com.example.commerce.api.catalog;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.testsupport.LockWaits;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(environments = "order-api", transactional = false)
class CatalogApiTest extends ApiTestBase {

    @Inject
    ProductViews views;

    @Test
    void everyCatalogChangeLeavesExactlyItsEventWithTheNextVersion() {
        String admin = api.adminToken();
        String user = api.newUserToken();
        long id = api.createProduct(admin, "Keyboard", 4_900);

        var updated = api.send(HttpRequest.PUT("/api/products/" + id, Map.of("name", "Keyboard Pro",
                "category", "books", "brand", "acme", "price", 5_900)), admin);
        assertEquals(200, updated.status(), updated::toString);
        assertEquals("Keyboard Pro", updated.get("name"));
        assertEquals("", updated.get("description"), "PUT replaces the product: an omitted description is empty");

        var viewed = api.send(HttpRequest.GET("/api/products/" + id), user);
        assertEquals(200, viewed.status());
        assertEquals(5_900, ((Number) viewed.get("price")).longValue());
        views.publishCounts();

        assertEquals(204, api.send(HttpRequest.POST("/api/products/" + id + "/like", ""), user).status());
        assertEquals(204, api.send(HttpRequest.POST("/api/products/" + id + "/like", ""), user).status());
        assertEquals(204, api.send(HttpRequest.DELETE("/api/products/" + id + "/like"), user).status());
        assertEquals(204, api.send(HttpRequest.DELETE("/api/products/" + id + "/like"), user).status());
        assertEquals(204, api.send(HttpRequest.DELETE("/api/products/" + id), admin).status());
        assertEquals(204, api.send(HttpRequest.DELETE("/api/products/" + id), admin).status());

        var events = outbox.of("Product", id);
        assertEquals(List.of("PRODUCT_CREATED", "PRODUCT_UPDATED", "PRODUCT_VIEWED", "PRODUCT_LIKED",
                "PRODUCT_UNLIKED", "PRODUCT_DELETED"), events.stream().map(e -> e.eventType()).toList(),
                "a repeated like, unlike or delete changes nothing");
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), events.stream().map(e -> e.aggregateVersion()).toList());
        events.forEach(e -> assertEquals("catalog-events", e.topic()));
        events.forEach(e -> assertEquals(String.valueOf(id), e.event().get("aggregateId")));
        assertEquals("INACTIVE", events.get(5).payload().get("status"));
        assertEquals("Keyboard Pro", events.get(1).payload().get("name"));
        assertEquals(id, ((Number) events.get(3).payload().get("productId")).longValue());
    }

    @Test
    void aDeletedProductIsGoneForCustomersAndLeavesTheListing() {
        String admin = api.adminToken();
        long id = api.createProduct(admin, "Soon gone", 100);
        api.send(HttpRequest.DELETE("/api/products/" + id), admin);

        assertProblem(404, api.send(HttpRequest.GET("/api/products/" + id)));
        assertProblem(404, api.send(HttpRequest.POST("/api/products/" + id + "/like", ""), api.newUserToken()));
        var page = api.send(HttpRequest.GET("/api/products?size=100"));
        assertTrue(page.list("items").stream().noneMatch(p -> ((Number) p.get("id")).longValue() == id));
        assertEquals(1, sql.count("SELECT count(*) FROM products WHERE id = ? AND status = 'INACTIVE'", id),
                "deleting deactivates, the row stays for orders that refer to it");
    }

    /**
     * A thousand concurrent anonymous views of one product, while another transaction holds that product's row
     * lock: none waits for it, and together they leave a few counter rows and, once published, one event.
     */
    @Test
    void viewsTakeNoLockOnTheProductAndArePublishedAsOneCountedEvent() throws Exception {
        long id = api.createProduct(api.adminToken(), "Lamp", 2_500);
        int viewCount = 1_000;
        var answers = new ArrayList<Future<Integer>>();
        ExecutorService viewers = Executors.newFixedThreadPool(16);
        try (Connection locker = sql.openTransaction("SELECT id FROM products WHERE id = ? FOR UPDATE", id)) {
            for (int i = 0; i < viewCount; i++) {
                answers.add(viewers.submit(() -> api.send(HttpRequest.GET("/api/products/" + id)).status()));
            }
            for (Future<Integer> answer : answers) {
                assertEquals(200, answer.get(60, TimeUnit.SECONDS), "a view waited for the product's row lock");
            }
            locker.rollback();
        } finally {
            viewers.shutdownNow();
        }
        assertEquals(1, outbox.of("Product", id).size(), "views alone write no event");
        assertTrue(sql.count("SELECT count(*) FROM product_view_counts WHERE product_id = ?", id)
                <= ProductViews.SHARDS, "at most one counter row per shard");
        assertEquals(viewCount, sql.count("SELECT sum(views) FROM product_view_counts WHERE product_id = ?", id));

        views.publishCounts();

        var events = outbox.of("Product", id);
        assertEquals(List.of("PRODUCT_CREATED", "PRODUCT_VIEWED"), events.stream().map(e -> e.eventType()).toList());
        assertEquals(viewCount, ((Number) events.get(1).payload().get("count")).intValue());
        assertNull(events.get(1).payload().get("userId"));
        assertEquals(2L, events.get(1).aggregateVersion(), "one new version for the whole batch");
        assertEquals(0, sql.count("SELECT count(*) FROM product_view_counts WHERE product_id = ?", id));
        views.publishCounts();
        assertEquals(2, outbox.of("Product", id).size(), "nothing counted, nothing published");
    }

    /** A deactivation waits for the orders reading the product (their shared lock), then goes ahead. */
    @Test
    void aDeactivationWaitsForAnOrderThatIsReadingTheProduct() throws Exception {
        String admin = api.adminToken();
        long id = api.createProduct(admin, "Held", 100);
        ExecutorService deleter = Executors.newSingleThreadExecutor();
        try (Connection order = sql.openTransaction("SELECT pg_advisory_xact_lock_shared(?)", id)) {
            Future<Integer> deleted = deleter.submit(() ->
                    api.send(HttpRequest.DELETE("/api/products/" + id), admin).status());
            LockWaits.awaitBlocked(sql, "wait_event = 'advisory'", deleted, "the deactivation (behind the order)");
            assertEquals(1, sql.count("SELECT count(*) FROM products WHERE id = ? AND status = 'ACTIVE'", id));
            order.commit();
            assertEquals(204, deleted.get(30, TimeUnit.SECONDS));
        } finally {
            deleter.shutdownNow();
        }
        assertEquals(1, sql.count("SELECT count(*) FROM products WHERE id = ? AND status = 'INACTIVE'", id));
    }

    @Test
    void viewsOfAProductDeactivatedBeforePublishingAreDropped() {
        String admin = api.adminToken();
        long id = api.createProduct(admin, "Short-lived", 100);
        assertEquals(200, api.send(HttpRequest.GET("/api/products/" + id)).status());
        assertEquals(204, api.send(HttpRequest.DELETE("/api/products/" + id), admin).status());

        views.publishCounts();

        assertEquals(List.of("PRODUCT_CREATED", "PRODUCT_DELETED"),
                outbox.of("Product", id).stream().map(e -> e.eventType()).toList());
    }

    @Test
    void listingIsPagedNewestFirst() {
        String admin = api.adminToken();
        long first = api.createProduct(admin, "Paged A", 1);
        long second = api.createProduct(admin, "Paged B", 1);

        var page = api.send(HttpRequest.GET("/api/products?page=1&size=2"));

        assertEquals(200, page.status());
        assertEquals(1, ((Number) page.get("page")).intValue());
        assertEquals(2, ((Number) page.get("size")).intValue());
        assertTrue(((Number) page.get("total")).longValue() >= 2);
        assertEquals(List.of(second, first), page.list("items").stream()
                .map(p -> ((Number) p.get("id")).longValue()).toList());
    }

    @Test
    void badPagingAndBadProductsAreBadRequests() {
        assertProblem(400, api.send(HttpRequest.GET("/api/products?page=0")));
        assertProblem(400, api.send(HttpRequest.GET("/api/products?size=101")));
        assertProblem(400, api.send(HttpRequest.GET("/api/products?size=abc")));

        String admin = api.adminToken();
        var product = new HashMap<String, Object>(Map.of("name", "", "category", "c", "brand", "b", "price", -1));
        var invalid = assertProblem(400, api.send(HttpRequest.POST("/api/products", product), admin));
        assertEquals(2, invalid.list("errors").size(), invalid::toString);

        product.put("name", "ok");
        product.put("price", "twelve");
        var wrongType = assertProblem(400, api.send(HttpRequest.POST("/api/products", product), admin));
        assertFalse(String.valueOf(wrongType.get("detail")).contains("com.example"), "no internal names");

        for (String name : new String[] {"nul\\u0000byte", "lone \\ud800 surrogate"}) {
            var unstorable = assertProblem(400, api.send(HttpRequest.POST("/api/products", "{\"name\": \"" + name
                    + "\", \"category\": \"c\", \"brand\": \"b\", \"price\": 1}")
                    .contentType(MediaType.APPLICATION_JSON_TYPE), admin));
            assertEquals("name", unstorable.list("errors").get(0).get("field"));
        }
        var emoji = api.send(HttpRequest.POST("/api/products", Map.of("name", "Mug \uD83D\uDE00 머그",
                "category", "c", "brand", "b", "price", 1)), admin);
        assertEquals(201, emoji.status(), emoji::toString);
        assertEquals("Mug \uD83D\uDE00 머그", emoji.get("name"));
        assertProblem(404, api.send(HttpRequest.PUT("/api/products/999999999", Map.of("name", "x",
                "category", "c", "brand", "b", "price", 1)), admin));
        assertProblem(404, api.send(HttpRequest.GET("/api/products/999999999")));
    }
}
