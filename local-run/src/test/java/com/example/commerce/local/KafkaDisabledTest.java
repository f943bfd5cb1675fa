package com.example.commerce.local;

import com.example.commerce.relay.OutboxRelay;
import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Sql;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * KAFKA_ENABLED=false: the API and the database run without a broker; no relay starts and the outbox keeps its
 * rows for later.
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
@Property(name = "kafka.enabled", value = "false")
class KafkaDisabledTest {

    @Inject
    ApplicationContext context;

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    ApiClient api;

    @Inject
    DataSource dataSource;

    @Test
    void theApiWorksAndTheOutboxKeepsItsRows() throws Exception {
        assertFalse(context.containsBean(OutboxRelay.class), "no relay without Kafka");
        Map<String, Object> health = client.toBlocking().retrieve(HttpRequest.GET("/health"),
                Argument.mapOf(String.class, Object.class));
        assertFalse(((Map<?, ?>) health.get("details")).containsKey("kafka"), () -> "health: " + health);

        long product = api.createProduct(api.adminToken(), "Offline", 10);
        Thread.sleep(1_000); // several relay polls, were a relay running

        assertEquals(1, Sql.of(dataSource).count("SELECT count(*) FROM outbox WHERE aggregate_type = 'Product' "
                + "AND aggregate_id = ? AND published_at IS NULL", String.valueOf(product)),
                "PRODUCT_CREATED waits in the outbox");
    }
}
