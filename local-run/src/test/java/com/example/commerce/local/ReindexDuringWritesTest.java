package com.example.commerce.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.example.commerce.productindex.ProductDocument;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full reindex while products are renamed, liked and deleted through the API: when the job is done and the
 * indexer has caught up, the index holds exactly the database's active products, each at its latest version.
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
class ReindexDuringWritesTest {

    private static final int PRODUCTS = 3_000;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    DataSource dataSource;

    @Inject
    ElasticsearchClient elasticsearch;

    private final String brand = "reindex-" + UUID.randomUUID().toString().substring(0, 8);

    private String login(String username, String password) {
        return (String) client.toBlocking().retrieve(HttpRequest.POST("/login",
                Map.of("username", username, "password", password)), Map.class).get("access_token");
    }

    @Test
    void theIndexEndsEqualToTheDatabase() throws Exception {
        var http = client.toBlocking();
        String admin = login("admin", "admin-password-1");
        List<Long> ids = insertProducts(); // in the database only: the reindex is what brings them to search

        var writing = new AtomicBoolean(true);
        var writes = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                long id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
                var request = switch (writes.incrementAndGet() % 10) {
                    case 0 -> HttpRequest.DELETE("/api/products/" + id);
                    case 1, 2, 3 -> HttpRequest.POST("/api/products/" + id + "/like", "");
                    default -> HttpRequest.PUT("/api/products/" + id, Map.of("name", "Renamed " + writes.get(),
                            "category", "books", "brand", brand, "price", 500));
                };
                try {
                    http.exchange(request.bearerAuth(admin));
                } catch (RuntimeException deletedMeanwhile) {
                    // 404 for a product deleted by an earlier write: fine
                }
            }
        });
        writer.start();
        Thread.sleep(500);

        Map<?, ?> job = http.retrieve(HttpRequest.POST("/api/admin/reindex/products", "").bearerAuth(admin), Map.class);
        String status = (String) job.get("status");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while ("RUNNING".equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            job = http.retrieve(HttpRequest.GET("/api/admin/reindex/products/" + job.get("id")).bearerAuth(admin),
                    Map.class);
            status = (String) job.get("status");
        }
        Thread.sleep(500);
        writing.set(false);
        writer.join();
        Map<?, ?> finished = job;
        assertEquals("SUCCEEDED", status, () -> "job: " + finished);
        assertTrue(writes.get() > 20, "writes happened during the reindex: " + writes.get());

        Map<Long, String> expected = Map.of();
        Map<Long, String> actual = Map.of(-1L, "");
        deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!expected.equals(actual) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            expected = database();
            actual = index();
        }
        var differences = new java.util.TreeMap<Long, String>();
        for (Long id : union(expected.keySet(), actual.keySet())) {
            if (!java.util.Objects.equals(expected.get(id), actual.get(id))) {
                differences.put(id, "database " + expected.get(id) + ", index " + actual.get(id));
            }
        }
        assertEquals(Map.of(), differences, "products that differ (name|version|likes)");
    }

    private static java.util.Set<Long> union(java.util.Set<Long> a, java.util.Set<Long> b) {
        var all = new java.util.TreeSet<Long>(a);
        all.addAll(b);
        return all;
    }

    private List<Long> insertProducts() throws Exception {
        var ids = new ArrayList<Long>();
        try (var connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             var insert = connection.prepareStatement("""
                     INSERT INTO products (name, description, category, brand, price, status, version)
                     SELECT 'Product ' || n, '', 'books', ?, 100 * n, 'ACTIVE', 1 FROM generate_series(1, ?) AS n
                     RETURNING id""")) {
            insert.setString(1, brand);
            insert.setInt(2, PRODUCTS);
            try (var rows = insert.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        return ids;
    }

    /** id → "name|version|likes" of the brand's active products. */
    private Map<Long, String> database() throws Exception {
        var products = new HashMap<Long, String>();
        try (var connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             var query = connection.prepareStatement("""
                     SELECT p.id, p.name, p.version, coalesce(m.like_count, 0) FROM products p
                     LEFT JOIN product_metrics m ON m.product_id = p.id
                     WHERE p.brand = ? AND p.status = 'ACTIVE'""")) {
            query.setString(1, brand);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    products.put(rows.getLong(1), rows.getString(2) + "|" + rows.getLong(3) + "|" + rows.getLong(4));
                }
            }
        }
        return products;
    }

    private Map<Long, String> index() throws Exception {
        var products = new HashMap<Long, String>();
        var response = elasticsearch.search(s -> s.index("products").size(10_000)
                .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("brand").value(brand)))
                        .filter(f -> f.term(t -> t.field("status").value("ACTIVE"))))), ProductDocument.class);
        response.hits().hits().forEach(hit -> {
            ProductDocument p = hit.source();
            products.put(p.id(), p.name() + "|" + p.version() + "|" + p.likeCount());
        });
        return products;
    }
}
