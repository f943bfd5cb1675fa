package com.example.commerce.lambda;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A benchmark, not part of the test suite (tagged {@code benchmark}): run by {@code bench/metrics-cold-start.sh}.
 * The cold start of notification-fn with three ways of writing its counters after each invocation: the EMF writer
 * it ships with, Powertools metrics and Micrometer's CloudWatch registry (the variants' jars are built by the
 * {@code metrics-cold-start} profile under bench/). The variants run interleaved, one cold start each per round, so
 * that the machine's load falls on all of them alike; each handles the same ORDER_CREATED event.
 */
@MicronautTest(transactional = false)
// notification-fn uses no Elasticsearch: not starting one leaves the machine's cores to the cold starts.
@Property(name = "elasticsearch.http-hosts", value = "http://127.0.0.1:9")
@Tag("benchmark")
class MetricsColdStartBenchmark extends LocalLambdaStack {

    static final int ROUNDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_ROUNDS", "7"));

    record Variant(String name, String handler, Path jar) {
    }

    @Test
    void coldStartPerMetricsLibrary() throws Exception {
        var base = template.function("NotificationFunction", ROOT);
        var variants = List.of(
                new Variant("EMF writer", base.handler(), base.jar()),
                new Variant("Powertools metrics",
                        "com.example.commerce.bench.metrics.PowertoolsNotificationHandler",
                        variantJar("powertools")),
                new Variant("Micrometer CloudWatch registry",
                        "com.example.commerce.bench.metrics.CloudWatchNotificationHandler",
                        variantJar("cloudwatch")));
        // Stands in for CloudWatch's endpoint: the registry's PutMetricData call is made and answered on loopback.
        var putMetricData = new AtomicInteger();
        HttpServer cloudWatch = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        cloudWatch.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            putMetricData.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        cloudWatch.start();
        try {
            var runs = new LinkedHashMap<Variant, List<LambdaRuntime.Invocation>>();
            var timedOut = new HashMap<Variant, Integer>();
            variants.forEach(variant -> runs.put(variant, new ArrayList<>()));
            for (int round = 0; round < ROUNDS; round++) {
                for (Variant variant : variants) {
                    var lambda = new SamTemplate.LambdaFunction(base.logicalId(), variant.handler(), variant.jar(),
                            base.environment());
                    Map<String, String> environment = new HashMap<>(environment(lambda));
                    environment.put("METRICS_BENCH_CLOUDWATCH_ENDPOINT",
                            "http://127.0.0.1:" + cloudWatch.getAddress().getPort());
                    int calls = putMetricData.get();
                    var invocation = LambdaRuntime.invokeCold(lambda, environment, event(), MEMORY_MB,
                            Duration.ofSeconds(120), () -> false);
                    System.out.printf("BENCH round %d %s: %s, init %d ms, answered %s ms%n", round + 1,
                            variant.name(), invocation.outcome(), invocation.initialized() == null ? -1
                                    : invocation.initialized().toMillis(),
                            invocation.answered() == null ? "-" : invocation.answered().toMillis());
                    if (invocation.outcome() != LambdaRuntime.Invocation.Outcome.RESPONSE) {
                        // A loaded machine can stall one start past any deadline: counted, not measured.
                        timedOut.merge(variant, 1, Integer::sum);
                        continue;
                    }
                    // Each variant must really have written its counters for the event.
                    if (variant.jar().toString().contains("cloudwatch")) {
                        assertTrue(putMetricData.get() > calls, "no PutMetricData call: " + invocation.log());
                    } else {
                        assertTrue(invocation.log().contains("\"_aws\""), "no EMF line: " + invocation.log());
                    }
                    runs.get(variant).add(invocation);
                }
            }
            runs.forEach((variant, invocations) -> System.out.printf(
                    "BENCH %s (%.1f MB jar): init median %d ms (%s); first event handled median %d ms (%s); "
                            + "the event itself median %d ms (%s); %d cold starts, %d without an answer%n",
                    variant.name(), size(variant.jar()) / 1e6,
                    median(invocations, LambdaRuntime.Invocation::initialized),
                    spread(invocations, LambdaRuntime.Invocation::initialized),
                    median(invocations, LambdaRuntime.Invocation::answered),
                    spread(invocations, LambdaRuntime.Invocation::answered),
                    median(invocations, invocation -> invocation.answered().minus(invocation.initialized())),
                    spread(invocations, invocation -> invocation.answered().minus(invocation.initialized())),
                    invocations.size(), timedOut.getOrDefault(variant, 0)));
        } finally {
            cloudWatch.stop(0);
        }
    }

    private static String event() {
        long orderId = System.nanoTime();
        return LambdaEvents.msk("order-events", orderId, """
                {"eventId":"%s","eventType":"ORDER_CREATED","aggregateType":"Order","aggregateId":"%d",
                 "aggregateVersion":1,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"orderId":%d,"userId":%d,"status":"PENDING","previousStatus":null,
                            "totalAmount":1200,"items":[]}}""".formatted(UUID.randomUUID(), orderId, orderId,
                orderId));
    }

    private static Path variantJar(String variant) throws Exception {
        Path target = ROOT.resolve("bench/metrics-cold-start/" + variant + "/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> file.getFileName().toString().endsWith("-lambda.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No Lambda jar in " + target
                            + ": bench/metrics-cold-start.sh builds it"));
        }
    }

    private static long size(Path jar) {
        try {
            return Files.size(jar);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long median(List<LambdaRuntime.Invocation> runs,
                               Function<LambdaRuntime.Invocation, Duration> measure) {
        var sorted = runs.stream().map(measure).sorted().toList();
        return sorted.get(sorted.size() / 2).toMillis();
    }

    /** min-max and the interquartile range, in ms. */
    private static String spread(List<LambdaRuntime.Invocation> runs,
                                 Function<LambdaRuntime.Invocation, Duration> measure) {
        var sorted = runs.stream().map(measure).map(Duration::toMillis).sorted().toList();
        int n = sorted.size();
        return "min %d, q1 %d, q3 %d, max %d".formatted(sorted.get(0), sorted.get(n / 4),
                sorted.get((3 * n) / 4), sorted.get(n - 1));
    }
}
