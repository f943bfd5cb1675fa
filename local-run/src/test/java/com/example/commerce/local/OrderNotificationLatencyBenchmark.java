package com.example.commerce.local;

import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Sql;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A benchmark, not part of the test suite (tagged {@code benchmark}): run by {@code bench/notification.sh}. The whole
 * local system in one process; orders are placed at {@code BENCH_RATE}/s (default 200) for {@code BENCH_SECONDS}
 * (default 60) after a 10 s warm-up. For each order, the time to the creation of its notification row is measured
 * from the order's own row (created in the API's transaction, so just before the 201) and, as an upper bound that
 * includes the HTTP round trip, from the moment the request was sent.
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
@Tag("benchmark")
class OrderNotificationLatencyBenchmark {

    private static final int RATE = Integer.parseInt(System.getenv().getOrDefault("BENCH_RATE", "200"));
    private static final int SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "60"));
    private static final Pattern ORDER_ID = Pattern.compile("^\\{\"id\":(\\d+)");

    @Inject
    ApiClient api;

    @Inject
    EmbeddedServer server;

    @Inject
    DataSource dataSource;

    @Test
    void apiToNotificationLatency() throws Exception {
        long product = api.createProduct(api.adminToken(), "Bench", 15_000);
        String token = api.newUserToken();
        String body = "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}";

        run(token, body, RATE * 10); // warm-up
        var answered = run(token, body, RATE * SECONDS);

        var fromCommit = new ArrayList<Long>();
        var fromRequest = new ArrayList<Long>();
        try (var connection = Sql.of(dataSource).dataSource().getConnection();
             var query = connection.prepareStatement("""
                     SELECT o.id, o.created_at, n.created_at FROM orders o
                     JOIN notifications n ON n.order_id = o.id AND n.type = 'ORDER_CREATED'
                     WHERE o.id = ANY (?)""")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            query.setArray(1, connection.createArrayOf("bigint", answered.keySet().toArray()));
            while (fromCommit.size() < answered.size() && System.nanoTime() < deadline) {
                fromCommit.clear();
                fromRequest.clear();
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        Instant ordered = rows.getTimestamp(2).toInstant();
                        Instant notified = rows.getTimestamp(3).toInstant();
                        fromCommit.add(Duration.between(ordered, notified).toNanos());
                        fromRequest.add(Duration.between(answered.get(rows.getLong(1)), notified).toNanos());
                    }
                }
                Thread.sleep(500);
            }
        }
        report("order row -> notification row", fromCommit, answered.size());
        report("request sent -> notification row", fromRequest, answered.size());
    }

    private static void report(String what, List<Long> latencies, int orders) {
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("BENCH %s at %d orders/s for %d s: %d of %d orders notified, p50 %.1f ms, p99 %.1f ms, "
                        + "max %.1f ms%n", what, RATE, SECONDS, sorted.length, orders, quantile(sorted, 0.50),
                quantile(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    /** Places {@code orders} orders at RATE/s; returns when the request of each answered 201 was sent, by id. */
    private Map<Long, Instant> run(String token, String body, int orders) throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.getPort() + "/api/orders");
        var answered = new ConcurrentHashMap<Long, Instant>();
        var failures = new AtomicInteger();
        var sent = new AtomicInteger();
        var pacer = Executors.newSingleThreadScheduledExecutor();
        pacer.scheduleAtFixedRate(() -> {
            if (sent.getAndIncrement() >= orders) {
                return;
            }
            Instant sentAt = Instant.now();
            var request = java.net.http.HttpRequest.newBuilder(uri).header("content-type", "application/json")
                    .header("authorization", "Bearer " + token)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                var id = response == null ? null : ORDER_ID.matcher(response.body());
                if (error == null && response.statusCode() == 201 && id.find()) {
                    answered.put(Long.parseLong(id.group(1)), sentAt);
                } else {
                    failures.incrementAndGet();
                }
            });
        }, 0, 1_000_000 / RATE, TimeUnit.MICROSECONDS);
        while (answered.size() + failures.get() < orders) {
            Thread.sleep(50);
        }
        pacer.shutdownNow();
        if (failures.get() > 0) {
            System.out.println("BENCH " + failures.get() + " orders failed");
        }
        return answered;
    }

    private static double quantile(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
    }
}
