package com.example.commerce.local;

import com.example.commerce.elasticsearch.ElasticsearchApi;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code elasticsearch} on /health: the cluster's health as the functions' own client ({@link ElasticsearchApi})
 * reads it, UP unless the cluster is red or does not answer. micronaut-elasticsearch's indicator is off
 * (application-local.yml): it would build the typed Java client, which nothing else uses, only to ask.
 */
@Singleton
public class ElasticsearchHealthIndicator implements HealthIndicator {

    static final String NAME = "elasticsearch";

    private final ElasticsearchApi elasticsearch;

    ElasticsearchHealthIndicator(ElasticsearchApi elasticsearch) {
        this.elasticsearch = elasticsearch;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.fromCompletableFuture(() -> {
            CompletableFuture<HealthResult> result;
            try {
                result = elasticsearch.sendAsync(elasticsearch.request("GET", "/_cluster/health", null))
                        .thenApply(health -> {
                            String status = ElasticsearchApi.text(health, "status", "unknown");
                            var details = new LinkedHashMap<String, Object>();
                            details.put("cluster_name", ElasticsearchApi.text(health, "cluster_name", null));
                            details.put("status", status);
                            details.put("number_of_nodes", health.get("number_of_nodes") == null ? null
                                    : health.get("number_of_nodes").getIntValue());
                            return HealthResult.builder(NAME, "red".equals(status) ? HealthStatus.DOWN : HealthStatus.UP)
                                    .details(details).build();
                        });
            } catch (RuntimeException e) {
                result = CompletableFuture.failedFuture(e);
            }
            return result.exceptionally(error -> HealthResult.builder(NAME, HealthStatus.DOWN)
                    .details(Map.of("error", String.valueOf(error.getCause() == null ? error : error.getCause())))
                    .build());
        });
    }
}
