package com.example.commerce.local;

import com.example.commerce.contract.Topics;
import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Sql;
import io.micronaut.http.HttpRequest;
import io.micronaut.context.annotation.Value;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import com.example.commerce.testsupport.load.Latencies;
import com.example.commerce.testsupport.load.MachineCpu;
import com.example.commerce.testsupport.load.OpenLoop;
import com.example.commerce.testsupport.load.StageTimes;
import com.example.commerce.testsupport.load.StatementCounts;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A benchmark, not part of the test suite (tagged {@code benchmark}): run by {@code bench/saga.sh}. The whole local
 * system in one process. Orders of one unit of one of {@code BENCH_PRODUCTS} (default 100) stock-tracked products,
 * in turn, are placed open-loop at {@code BENCH_RATE}/s (default 100) for {@code BENCH_SECONDS} (default 60) after a
 * warm-up at the same rate for {@code BENCH_WARMUP_SECONDS} (default 10), each paid as soon as its 201 arrives. The
 * measured orders start only once every warm-up order has its shipment, so that none of them waits behind the
 * warm-up's backlog. Each
 * latency is taken from the instant the order was due to be placed (not when it was sent, so a stalled sender
 * cannot hide queueing), and recorded into an HdrHistogram: to the shipment row the shipping participant wrote
 * (the saga's forward path: order, reservation, payment, deduction, shipment), and for the two requests.
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", "fulfillment-fn",
        LocalApplication.LOCAL})
@Tag("benchmark")
class SagaLatencyBenchmark {

    private static final int RATE = Integer.parseInt(System.getenv().getOrDefault("BENCH_RATE", "100"));
    private static final int SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "60"));
    private static final int WARMUP_SECONDS = Integer.parseInt(
            System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "10"));
    private static final int PRODUCTS = Integer.parseInt(System.getenv().getOrDefault("BENCH_PRODUCTS", "100"));
    private static final double GOAL_P99_MILLIS = 500;
    /** Of the orders given, those with a shipment row; those whose saga recorded their shipment. */
    private static final String SHIPPED = "SELECT count(*) FROM shipments WHERE order_id = ANY (?)";
    private static final String RECORDED =
            "SELECT count(*) FROM order_sagas WHERE order_id = ANY (?) AND shipment_status IS NOT NULL";
    private static final Pattern ORDER_ID = Pattern.compile("^\\{\"id\":(\\d+)");

    @Inject
    ApiClient api;

    @Inject
    EmbeddedServer server;

    @Inject
    DataSource dataSource;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    /** One run's latencies, in microseconds from each order's due instant. */
    private record Run(Map<Long, Instant> dueByOrder, Latencies create, Latencies pay, Map<String, Integer> failures) {
    }

    @Test
    void orderPaidAtOnceToShipmentScheduled() throws Exception {
        String admin = api.adminToken();
        var bodies = new java.util.ArrayList<String>();
        for (int i = 0; i < PRODUCTS; i++) {
            long product = api.createProduct(admin, "Saga bench " + i, 1_000);
            assertEquals(200, api.send(HttpRequest.PUT("/api/admin/products/" + product + "/stock",
                    Map.of("onHand", 1_000_000)), admin).status());
            bodies.add("{\"items\":[{\"productId\":" + product + ",\"quantity\":1}]}");
        }
        String token = api.newUserToken();

        var sql = Sql.of(dataSource);
        Run warmUp = run(token, bodies, RATE * WARMUP_SECONDS);
        awaitCount(sql, SHIPPED, warmUp.dueByOrder().keySet().toArray(Long[]::new));
        Optional<MachineCpu> cpuBefore = MachineCpu.now();
        Optional<StatementCounts> statements = StatementCounts.start(dataSource);
        Run measured = run(token, bodies, RATE * SECONDS);

        var toShipment = new Latencies("due -> shipment scheduled");
        Long[] ids = measured.dueByOrder().keySet().toArray(Long[]::new);
        awaitCount(sql, SHIPPED, ids);
        // The CPU and statements are counted until the saga has recorded every shipment as well: its consumer may
        // lag behind the shipping participant, and what it does after the window would not be counted.
        long recorded = awaitCount(sql, RECORDED, ids);
        Optional<MachineCpu> cpuAfter = MachineCpu.now();
        sql.list("SELECT order_id, created_at FROM shipments WHERE order_id = ANY (?)", rows -> {
            Instant due = measured.dueByOrder().get(rows.getLong(1));
            toShipment.recordNanos(Duration.between(due, rows.getTimestamp(2).toInstant()).toNanos());
            return null;
        }, (Object) ids);

        System.out.printf("BENCH saga at %d orders/s open-loop for %d s over %d products (failed requests: %s): %d of %d "
                        + "orders reached a scheduled shipment%n", RATE, SECONDS, PRODUCTS, measured.failures(),
                toShipment.count(), measured.dueByOrder().size());
        System.out.println("BENCH   " + toShipment.summary(GOAL_P99_MILLIS));
        System.out.println("BENCH   " + measured.create().summary());
        System.out.println("BENCH   " + measured.pay().summary());
        System.out.printf("BENCH   the saga recorded %d of the %d shipments%n", recorded, toShipment.count());
        System.out.println("BENCH   " + MachineCpu.summary(cpuBefore, cpuAfter, measured.dueByOrder().size(),
                "order (placed, paid and carried to its shipment)"));
        statements.ifPresent(counts -> counts.summary(measured.dueByOrder().size(), "order")
                .forEach(line -> System.out.println("BENCH   " + line)));
        System.out.println("BENCH   where the time went, stage by stage (outbox rows' written and published times):");
        StageTimes.of(sql, List.of(Topics.ORDER_EVENTS, Topics.INVENTORY_EVENTS, Topics.SHIPPING_EVENTS), ids, List.of(
                        StageTimes.Stage.relayOf("ORDER_CREATED"),
                        StageTimes.Stage.consumer("inventory", "ORDER_CREATED", "STOCK_RESERVED"),
                        StageTimes.Stage.relayOf("ORDER_PAID"),
                        StageTimes.Stage.consumer("inventory", "ORDER_PAID", "STOCK_DEDUCTED"),
                        StageTimes.Stage.relayOf("STOCK_DEDUCTED"),
                        StageTimes.Stage.consumer("shipping", "STOCK_DEDUCTED", "SHIPMENT_SCHEDULED"),
                        StageTimes.Stage.relayOf("STOCK_RESERVED"),
                        StageTimes.Stage.relayOf("SHIPMENT_SCHEDULED")))
                .forEach(stage -> System.out.println("BENCH     " + stage.summary()));
    }

    /**
     * Waits (at most two minutes) until {@code count}, a query of the orders {@code ids}, reaches their number;
     * answers its last value.
     */
    private static long awaitCount(Sql sql, String count, Long[] ids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        long reached;
        while ((reached = sql.count(count, (Object) ids)) < ids.length && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        return reached;
    }

    /** Places {@code orders} orders open-loop at RATE/s, paying each as soon as it is created. */
    private Run run(String token, java.util.List<String> bodies, int orders) throws Exception {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = "http://127.0.0.1:" + server.getPort() + "/api/orders";
        var dueByOrder = new ConcurrentHashMap<Long, Instant>();
        var create = new Latencies("POST /api/orders (from due)");
        var pay = new Latencies("PATCH /api/orders/{id}/pay (from the 201)");
        var failures = new ConcurrentHashMap<String, Integer>();
        var done = new CountDownLatch(orders);
        long startNanos = System.nanoTime();
        Instant startWall = Instant.now();
        var figures = BenchmarkFigures.of(bootstrapServers, dataSource);
        OpenLoop.run(RATE, orders, Duration.ZERO, (i, dueNanos) -> {
            Instant due = startWall.plusNanos(dueNanos - startNanos);
            var placing = java.net.http.HttpRequest.newBuilder(URI.create(base))
                    .header("content-type", "application/json").header("authorization", "Bearer " + token)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(bodies.get(i % bodies.size()))).build();
            return http.sendAsync(placing, HttpResponse.BodyHandlers.ofString()).whenComplete((placed, error) -> {
                var id = placed == null ? null : ORDER_ID.matcher(placed.body());
                if (error != null || placed.statusCode() != 201 || !id.find()) {
                    failures.merge("create " + (error != null ? error.getClass().getSimpleName()
                            : placed.statusCode()), 1, Integer::sum);
                    done.countDown();
                    return;
                }
                create.recordSince(dueNanos);
                long createdNanos = System.nanoTime();
                long order = Long.parseLong(id.group(1));
                dueByOrder.put(order, due);
                var paying = java.net.http.HttpRequest.newBuilder(URI.create(base + "/" + order + "/pay"))
                        .header("authorization", "Bearer " + token)
                        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.noBody()).build();
                http.sendAsync(paying, HttpResponse.BodyHandlers.discarding()).whenComplete((paid, payError) -> {
                    if (payError != null || paid.statusCode() != 200) {
                        failures.merge("pay " + (payError != null ? payError.getClass().getSimpleName()
                                : paid.statusCode()), 1, Integer::sum);
                    } else {
                        pay.recordSince(createdNanos);
                    }
                    done.countDown();
                });
            });
        }, figures::backlog, figures::lag);
        figures.close();
        done.await(2, TimeUnit.MINUTES);
        return new Run(dueByOrder, create, pay, Map.copyOf(failures));
    }
}
