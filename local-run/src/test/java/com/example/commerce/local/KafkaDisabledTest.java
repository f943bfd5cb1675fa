package com.example.commerce.local;

import com.example.commerce.relay.OutboxRelay;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
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
    DataSource dataSource;

    @Test
    void theApiWorksAndTheOutboxKeepsItsRows() throws Exception {
        assertFalse(context.containsBean(OutboxRelay.class), "no relay without Kafka");
        Map<String, Object> health = client.toBlocking().retrieve(HttpRequest.GET("/health"),
                Argument.mapOf(String.class, Object.class));
        assertFalse(((Map<?, ?>) health.get("details")).containsKey("kafka"), () -> "health: " + health);

        String token = (String) client.toBlocking().retrieve(HttpRequest.POST("/login",
                Map.of("username", "admin", "password", "admin-password-1")), Map.class).get("access_token");
        Map<?, ?> product = client.toBlocking().retrieve(HttpRequest.POST("/api/products", Map.of("name", "Offline",
                "category", "c", "brand", "b", "price", 10)).bearerAuth(token), Map.class);
        Thread.sleep(1_000); // several relay polls, were a relay running

        try (var connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             var query = connection.prepareStatement("SELECT count(*) FROM outbox WHERE aggregate_type = 'Product' "
                     + "AND aggregate_id = ? AND published_at IS NULL")) {
            query.setString(1, String.valueOf(((Number) product.get("id")).longValue()));
            var rows = query.executeQuery();
            rows.next();
            assertEquals(1, rows.getLong(1), "PRODUCT_CREATED waits in the outbox");
        }
    }
}
