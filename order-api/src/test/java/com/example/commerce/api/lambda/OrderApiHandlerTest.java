package com.example.commerce.api.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.example.commerce.platform.lambda.SnapStartPriming;
import com.example.commerce.testsupport.Eventually;
import com.example.commerce.testsupport.HttpApiEvent;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.crac.test.CheckpointSimulator;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import com.example.commerce.testsupport.Sql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Lambda entry point, started as the Lambda runtime starts it (no-argument constructor), answers API Gateway
 * HTTP API (v2) events with the same controllers: sign up, log in, create a product and place an order.
 */
class OrderApiHandlerTest {

    // The test configuration (signing secret, migrations) lives in environment "test".
    @RegisterExtension
    static final OrderApiLambda lambda = new OrderApiLambda(Map.of());

    @Test
    void signupLoginAndAnOrderThroughApiGatewayEvents() throws Exception {
        assertTrue(lambda.handler().getApplicationContext().getEnvironment().getActiveNames().contains("order-api"));
        String username = "lambda-" + UUID.randomUUID().toString().substring(0, 8);

        var signup = call("POST", "/api/auth/signup", Map.of("username", username, "password", "lambda123"), null);
        assertEquals(201, signup.getStatusCode(), signup::getBody);

        var login = call("POST", "/login", Map.of("username", username, "password", "lambda123"), null);
        assertEquals(200, login.getStatusCode(), login::getBody);
        String token = (String) read(login).get("access_token");
        assertNotNull(token);

        String adminToken = (String) read(call("POST", "/login",
                Map.of("username", "admin", "password", "admin-password-1"), null)).get("access_token");
        var product = call("POST", "/api/products", Map.of("name", "Lambda mug", "category", "kitchen",
                "brand", "acme", "price", 2_500), adminToken);
        assertEquals(201, product.getStatusCode(), product::getBody);
        long productId = ((Number) read(product).get("id")).longValue();

        var order = call("POST", "/api/orders", Map.of("items", List.of(Map.of("productId", productId,
                "quantity", 2))), token);
        assertEquals(201, order.getStatusCode(), order::getBody);
        Map<String, Object> placed = read(order);
        assertEquals(5_000, ((Number) placed.get("totalAmount")).longValue());

        var unauthorized = call("GET", "/api/orders", null, null);
        assertEquals(401, unauthorized.getStatusCode());
        assertTrue(unauthorized.getHeaders().get("Content-Type").startsWith("application/problem+json"));

        assertEquals(1, outboxRows("Order", ((Number) placed.get("id")).longValue()));
    }

    @Test
    void theOperationsConsoleIsServedOnLambdaAndItsApisAnswer() throws Exception {
        for (String path : List.of("/console", "/console/", "/console/console.js")) {
            var page = call("GET", path, null, null);
            assertEquals(200, page.getStatusCode(), path);
            assertTrue(page.getBody().contains(path.endsWith(".js") ? "use strict" : "/console/console.js"), path);
            assertTrue(page.getHeaders().get("Content-Security-Policy").startsWith("default-src 'none'"), path);
        }
        assertEquals(404, call("GET", "/console/absent.js", null, null).getStatusCode());

        String adminToken = (String) read(call("POST", "/login",
                Map.of("username", "admin", "password", "admin-password-1"), null)).get("access_token");
        var topics = call("GET", "/api/admin/kafka/topics", null, adminToken);
        assertEquals(200, topics.getStatusCode(), topics::getBody);
        assertEquals(1, ((Number) read(topics).get("samples")).intValue(), "a cold instance has one sample: its own");
    }

    /**
     * SnapStart: before the snapshot the handler answers a catalog page and a signed-token request of its own, then
     * micronaut-crac empties the connection pool; after the restore requests are answered as before.
     */
    @Test
    void beforeTheSnapshotTheApiPrimesItsRequestPathAndLeavesNoConnection() throws Exception {
        var context = lambda.handler().getApplicationContext();
        var pool = (HikariDataSource) DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
        var checkpoint = context.getBean(CheckpointSimulator.class);

        checkpoint.runBeforeCheckpoint();
        try {
            var primed = context.getBean(SnapStartPriming.class).primed();
            assertEquals(List.of("GET /api/products and GET /api/orders with a signed token, through the handler"),
                    primed.stream().map(SnapStartPriming.Primed::name).toList());
            assertNull(primed.get(0).failure(), primed::toString);
            Eventually.await("the pool closed its connections",
                    () -> pool.getHikariPoolMXBean().getTotalConnections() == 0);
        } finally {
            checkpoint.runAfterRestore(); // also when an assertion failed: the other tests need the pool
        }

        assertEquals(200, call("GET", "/api/products", null, null).getStatusCode());
        assertTrue(context.getBeansOfType(EmbeddedServer.class).stream().noneMatch(EmbeddedServer::isRunning),
                "no HTTP server started by the restore");
        var login = call("POST", "/login", Map.of("username", "admin", "password", "admin-password-1"), null);
        assertEquals(200, login.getStatusCode(), login::getBody);
    }

    private APIGatewayV2HTTPResponse call(String method, String path, Object body, String token) {
        return lambda.call(HttpApiEvent.request(method, path).bearer(token)
                .body(body == null ? null : lambda.json(body)));
    }

    private Map<String, Object> read(APIGatewayV2HTTPResponse response) throws IOException {
        return lambda.read(response.getBody());
    }

    private long outboxRows(String aggregateType, long aggregateId) {
        return Sql.connect(lambda.handler().getApplicationContext().getEnvironment()).count(
                "SELECT count(*) FROM outbox WHERE aggregate_type = ? AND aggregate_id = ?", aggregateType,
                String.valueOf(aggregateId));
    }
}
