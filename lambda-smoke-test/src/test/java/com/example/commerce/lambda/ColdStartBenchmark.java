package com.example.commerce.lambda;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A benchmark, not part of the test suite (tagged {@code benchmark}): run by {@code bench/cold-start.sh}. For every
 * function of template.yaml, {@value #RUNS} cold starts, each a fresh JVM started as the Lambda java17 runtime
 * starts it (its flags, a heap for {@value LocalLambdaStack#MEMORY_MB} MB, the template's environment), handling
 * one event:
 * <ul>
 *   <li>init: JVM start until the function asks for its first event (the application context is up);</li>
 *   <li>first event handled: JVM start until its answer, or for the relay until the outbox row it was started
 *       for is published (it then keeps draining until its deadline).</li>
 * </ul>
 * With SnapStart, init happens before the snapshot, and what remains after a restore is about "the event itself".
 */
@MicronautTest(transactional = false)
@Tag("benchmark")
class ColdStartBenchmark extends LocalLambdaStack {

    static final int RUNS = Integer.parseInt(System.getenv().getOrDefault("BENCH_RUNS", "5"));

    @Test
    void coldStarts() throws Exception {
        measure("OrderApiFunction", run -> new Trial(
                LambdaEvents.httpApi("GET", "/api/products", ""), Duration.ofSeconds(30), () -> false));
        measure("OutboxRelayFunction", run -> {
            UUID eventId = insertOutboxRow();
            return new Trial(LambdaEvents.schedule(), Duration.ofSeconds(12), () -> published(eventId));
        });
        measure("NotificationFunction", run -> {
            long orderId = System.nanoTime();
            return new Trial(LambdaEvents.msk("order-events", orderId, """
                    {"eventId":"%s","eventType":"ORDER_CREATED","aggregateType":"Order","aggregateId":"%d",
                     "aggregateVersion":1,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                     "payload":{"orderId":%d,"userId":%d,"status":"PENDING","previousStatus":null,
                                "totalAmount":1200,"items":[]}}""".formatted(UUID.randomUUID(), orderId, orderId,
                    orderId)), Duration.ofSeconds(30), () -> false);
        });
        long productId = count("""
                INSERT INTO products (name, description, category, brand, price, status, version)
                VALUES ('Cold lamp', 'Benchmark', 'lamps', 'bench', 4200, 'ACTIVE', 1) RETURNING id""");
        measure("IndexerFunction", run -> new Trial(LambdaEvents.msk("catalog-events", productId, """
                {"eventId":"%s","eventType":"PRODUCT_VIEWED","aggregateType":"Product","aggregateId":"%d",
                 "aggregateVersion":1,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"productId":%d,"userId":1}}""".formatted(UUID.randomUUID(), productId, productId)),
                Duration.ofSeconds(30), () -> false));
    }

    record Trial(String event, Duration deadline, LambdaRuntime.Effect done) {
    }

    interface TrialFactory {
        Trial next(int run) throws Exception;
    }

    private void measure(String function, TrialFactory trials) throws Exception {
        var lambda = template.function(function, ROOT);
        var runs = new ArrayList<LambdaRuntime.Invocation>();
        for (int run = 0; run < RUNS; run++) {
            Trial trial = trials.next(run);
            var invocation = LambdaRuntime.invokeCold(lambda, environment(lambda), trial.event(), MEMORY_MB,
                    trial.deadline(), trial.done());
            assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
            runs.add(invocation);
        }
        Function<LambdaRuntime.Invocation, Duration> handled = invocation -> invocation.effectSeen() != null
                ? invocation.effectSeen() : invocation.answered();
        System.out.printf("BENCH %s (%.1f MB jar): init median %d ms; first event handled median %d ms (min %d, "
                        + "max %d); the event itself (handled - init) median %d ms; %d cold starts%n", function,
                Files.size(lambda.jar()) / 1e6, median(runs, LambdaRuntime.Invocation::initialized),
                median(runs, handled),
                runs.stream().map(handled).min(Comparator.naturalOrder()).orElseThrow().toMillis(),
                runs.stream().map(handled).max(Comparator.naturalOrder()).orElseThrow().toMillis(),
                median(runs, invocation -> handled.apply(invocation).minus(invocation.initialized())), runs.size());
    }

    private static long median(List<LambdaRuntime.Invocation> runs,
                               Function<LambdaRuntime.Invocation, Duration> measure) {
        var sorted = runs.stream().map(measure).sorted().toList();
        return sorted.get(sorted.size() / 2).toMillis();
    }
}
