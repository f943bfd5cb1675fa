package com.example.commerce.local;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** /metrics exports the relay's and the outbox's meters for Prometheus. */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
class MetricsEndpointTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void relayNotificationAndConsumerLagMetricsAreExported() throws Exception {
        var response = client.toBlocking().exchange(HttpRequest.GET("/metrics"), String.class);
        assertTrue(response.getContentType().orElseThrow().toString().startsWith("text/plain"));
        // Consumer lag is reported once the listener has been assigned its partitions and fetched from them.
        String metrics = response.body();
        for (int i = 0; i < 100 && !metrics.contains("kafka_consumer_records_lag_records{"); i++) {
            Thread.sleep(200);
            metrics = client.toBlocking().retrieve(HttpRequest.GET("/metrics"), String.class);
        }
        for (String meter : new String[] {"outbox_relay_published_total", "outbox_relay_failures_total{",
                "outbox_backlog_unpublished ", "outbox_backlog_parked ", "outbox_backlog_oldest_age_seconds ",
                "notification_events_total{", "notification_retries_total",
                "kafka_consumer_records_lag_records{", "jvm_memory_used_bytes"}) {
            String scraped = metrics;
            assertTrue(scraped.contains(meter), () -> meter + " missing from /metrics:\n" + scraped);
        }
    }
}
