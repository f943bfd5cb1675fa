package com.example.commerce.local;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The local run, as started by its main class, reaches all three real servers and says so on /health. */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
class HealthEndpointTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void healthShowsPostgresKafkaAndElasticsearchUp() {
        Map<String, Object> health = client.toBlocking().retrieve(HttpRequest.GET("/health"),
                Argument.mapOf(String.class, Object.class));

        assertEquals("UP", health.get("status"), () -> "health: " + health);
        Map<?, ?> details = (Map<?, ?>) health.get("details");
        assertNotNull(details, () -> "health has no details: " + health);
        for (String component : new String[] {"jdbc", "kafka", "elasticsearch"}) {
            Map<?, ?> status = (Map<?, ?>) details.get(component);
            assertNotNull(status, () -> component + " missing from health: " + health);
            assertEquals("UP", status.get("status"), () -> component + " is not UP: " + status);
        }
        // One client of Elasticsearch: the typed client's indicator (micronaut-elasticsearch's) is off.
        assertFalse(details.containsKey("elasticsearchclient"), () -> "health: " + health);
    }
}
