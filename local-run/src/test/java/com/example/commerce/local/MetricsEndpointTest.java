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
    void relayAndBacklogMetricsAreExported() {
        var response = client.toBlocking().exchange(HttpRequest.GET("/metrics"), String.class);
        String metrics = response.body();

        assertTrue(response.getContentType().orElseThrow().toString().startsWith("text/plain"));
        for (String meter : new String[] {"outbox_relay_published_total", "outbox_relay_failures_total{",
                "outbox_backlog_unpublished ", "outbox_backlog_parked ", "outbox_backlog_oldest_age_seconds ",
                "jvm_memory_used_bytes"}) {
            assertTrue(metrics.contains(meter), () -> meter + " missing from /metrics:\n" + metrics.substring(0,
                    Math.min(2000, metrics.length())));
        }
    }
}
