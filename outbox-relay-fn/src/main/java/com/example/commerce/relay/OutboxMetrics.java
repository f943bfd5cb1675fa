package com.example.commerce.relay;

import com.example.commerce.outbox.Backlog;
import com.example.commerce.outbox.OutboxClaimRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;

import java.time.Duration;
import java.util.function.ToDoubleFunction;

/**
 * Gauges of the outbox's backlog for a scraping monitor (the local run exports them at /metrics). One query per
 * second at most, however many gauges a scrape reads.
 */
@Context
@Requires(beans = MeterRegistry.class)
@Requires(property = "commerce.relay.metrics.enabled", notEquals = "false")
class OutboxMetrics {

    private static final Duration MAX_AGE = Duration.ofSeconds(1);

    private final OutboxClaimRepository outbox;
    private Backlog last = new Backlog(0, 0, 0);
    private long readAt;

    OutboxMetrics(OutboxClaimRepository outbox, MeterRegistry meters) {
        this.outbox = outbox;
        gauge(meters, "outbox.backlog.unpublished", "Rows waiting to be published", Backlog::unpublished, null);
        gauge(meters, "outbox.backlog.parked", "Rows the relay stopped retrying", Backlog::parked, null);
        gauge(meters, "outbox.backlog.oldest.age", "How long the oldest waiting row has waited",
                Backlog::oldestUnpublishedAgeSeconds, "seconds");
    }

    private void gauge(MeterRegistry meters, String name, String description, ToDoubleFunction<Backlog> value,
                       String unit) {
        Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.current()))
                .description(description).baseUnit(unit).register(meters);
    }

    private synchronized Backlog current() {
        long now = System.nanoTime();
        if (now - readAt > MAX_AGE.toNanos()) {
            try {
                last = outbox.backlog();
            } catch (RuntimeException unavailable) {
                // Keep the last known figures while the database is unreachable.
            }
            readAt = now;
        }
        return last;
    }
}
