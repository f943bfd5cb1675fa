package com.example.commerce.local;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A configured address (here: nothing listens on it) is used as given; the embedded Elasticsearch is not
 * substituted. /health then reports the component DOWN and answers 503.
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
@Property(name = "elasticsearch.http-hosts", value = "http://127.0.0.1:9")
class ConfiguredServerWinsTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Test
    void aConfiguredElasticsearchAddressIsUsedInsteadOfTheEmbeddedOne() {
        var response = assertThrows(HttpClientResponseException.class, () -> client.toBlocking()
                .retrieve(HttpRequest.GET("/health"), Argument.mapOf(String.class, Object.class)));

        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, response.getStatus());
        Map<?, ?> health = response.getResponse().getBody(Argument.mapOf(String.class, Object.class)).orElseThrow();
        Map<?, ?> details = (Map<?, ?>) health.get("details");
        assertEquals("DOWN", ((Map<?, ?>) details.get("elasticsearch")).get("status"), () -> "health: " + health);
        assertEquals("UP", ((Map<?, ?>) details.get("jdbc")).get("status"), () -> "health: " + health);
        assertEquals("UP", ((Map<?, ?>) details.get("kafka")).get("status"), () -> "health: " + health);
    }
}
