package com.example.commerce.local;

import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.testsupport.load.Latencies;
import com.example.commerce.testsupport.load.OpenLoop;
import io.micronaut.context.annotation.Value;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A benchmark, not part of the test suite (tagged {@code benchmark}): run by {@code bench/notification.sh}. The whole
 * local system in one process; orders are placed at {@code BENCH_RATE}/s (default 200) for {@code BENCH_SECONDS}
 * (default 60), open-loop, after a 10 s warm-up. For each order, the time to the creation of its notification row is
 * measured from the order's own row (created in the API's transaction, so just before the 201) and, including the
 * HTTP round trip and any queueing before it, from the instant the request was due.
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

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    @Test
    void apiToNotificationLatency() throws Exception {
        long product = api.createProduct(api.adminToken(), "Bench", 15_000);
        String token = api.newUserToken();
        String body = "{\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}";

        run(token, body, RATE * 10); // warm-up
        var due = run(token, body, RATE * SECONDS);

        var fromCommit = new Latencies("order row -> notification row");
        var fromDue = new Latencies("request due -> notification row");
        try (var connection = Sql.of(dataSource).dataSource().getConnection();
             var query = connection.prepareStatement("""
                     SELECT o.id, o.created_at, n.created_at FROM orders o
                     JOIN notifications n ON n.order_id = o.id AND n.type = 'ORDER_CREATED'
                     WHERE o.id = ANY (?)""")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            query.setArray(1, connection.createArrayOf("bigint", due.keySet().toArray()));
            while (System.nanoTime() < deadline) {
                Thread.sleep(500);
                fromCommit = new Latencies("order row -> notification row");
                fromDue = new Latencies("request due -> notification row");
                try (var rows = query.executeQuery()) {
                    while (rows.next()) {
                        Instant ordered = rows.getTimestamp(2).toInstant();
                        Instant notifiedAt = rows.getTimestamp(3).toInstant();
                        fromCommit.recordNanos(Duration.between(ordered, notifiedAt).toNanos());
                        fromDue.recordNanos(Duration.between(due.get(rows.getLong(1)), notifiedAt).toNanos());
                    }
                }
                if (fromCommit.count() == due.size()) {
                    break;
                }
            }
        }
        System.out.printf("BENCH orders at %d/s open-loop for %d s: %d of %d orders notified%n", RATE, SECONDS,
                fromCommit.count(), due.size());
        System.out.println("BENCH   " + fromCommit.summary());
        System.out.println("BENCH   " + fromDue.summary());
    }

    /**
     * Places {@code orders} orders open-loop at RATE/s; returns, by order id, the instant each order that was
     * answered 201 was due to be placed.
     */
    private Map<Long, Instant> run(String token, String body, int orders) {
        var http = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + server.getPort() + "/api/orders");
        var answered = new ConcurrentHashMap<Long, Instant>();
        var failures = new AtomicInteger();
        long startNanos = System.nanoTime();
        Instant startWall = Instant.now();
        var figures = BenchmarkFigures.of(bootstrapServers, dataSource);
        OpenLoop.run(RATE, orders, Duration.ofSeconds(60), (i, dueNanos) -> {
            var request = java.net.http.HttpRequest.newBuilder(uri).header("content-type", "application/json")
                    .header("authorization", "Bearer " + token)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                var id = response == null ? null : ORDER_ID.matcher(response.body());
                if (error == null && response.statusCode() == 201 && id.find()) {
                    answered.put(Long.parseLong(id.group(1)), startWall.plusNanos(dueNanos - startNanos));
                } else {
                    failures.incrementAndGet();
                }
            });
        }, figures::backlog, figures::lag);
        figures.close();
        if (failures.get() > 0) {
            System.out.println("BENCH " + failures.get() + " orders failed");
        }
        return answered;
    }
}
