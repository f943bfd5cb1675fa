package com.example.commerce.lambda;

import com.example.commerce.infra.StandInSecretsManager;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every function of template.yaml, loaded from its Lambda jar by AWS's runtime interface client with the Handler
 * and the environment the template gives it (parameters filled in with the embedded servers), handles one event
 * of its trigger's type, with the effect it would have on AWS. Proves that the template and the jars agree.
 */
@MicronautTest(transactional = false)
class LambdaHandlersIT extends LocalLambdaStack {

    @Test
    void everyFunctionOfTheTemplateIsCoveredHere() {
        assertEquals(Set.of("OrderApiFunction", "ViewPublishFunction", "OutboxRelayFunction", "NotificationFunction",
                        "IndexerFunction", "ReindexFunction", "ReplayFunction", "FulfillmentInventoryFunction",
                        "FulfillmentShippingFunction", "OrderSagaFunction", "SagaTimerFunction"),
                template.functions().keySet(), "a function added to template.yaml needs a smoke test here");
    }

    @Test
    void noJarCarriesTheLocalServerOrTheEmbeddedServers() throws Exception {
        for (String function : template.functions().keySet()) {
            var jar = template.function(function, ROOT).jar();
            try (var zip = new ZipFile(jar.toFile())) {
                var local = zip.stream().map(ZipEntry::getName)
                        .filter(name -> name.startsWith("io/micronaut/http/server/netty/")
                                || name.startsWith("com/example/commerce/infra/")
                                || name.startsWith("com/example/commerce/local/"))
                        .limit(3).toList();
                assertEquals(List.of(), local, jar + " carries local-only classes");
            }
        }
    }

    @Test
    void noFunctionHasASecretInItsEnvironment() {
        for (String function : template.functions().keySet()) {
            var environment = template.function(function, ROOT).environment();
            assertTrue(environment.containsKey("COMMERCE_SECRETS_DATABASE_ARN"), function);
            for (String plain : List.of("DATASOURCES_DEFAULT_USERNAME", "DATASOURCES_DEFAULT_PASSWORD",
                    "COMMERCE_AUTH_JWT_SECRET")) {
                assertFalse(environment.containsKey(plain), () -> function + " has " + plain + " in its environment");
            }
            environment.values().forEach(value -> assertFalse(String.valueOf(value).contains("{{resolve:"),
                    () -> function + " resolves a dynamic reference into its environment: " + value));
        }
    }

    @Test
    void orderApiAnswersAnHttpApiRequest() throws Exception {
        String username = "lambda-" + UUID.randomUUID().toString().substring(0, 8);
        String request = json.writeValueAsString(Map.of("username", username, "password", "lambda-pass-1"));
        var invocation = invoke("OrderApiFunction", LambdaEvents.httpApi("POST", "/api/auth/signup", request),
                Duration.ofSeconds(30));

        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
        JsonNode response = json.readValue(invocation.body(), JsonNode.class);
        assertNotNull(response.get("statusCode"), invocation::toString);
        assertEquals(201, response.get("statusCode").getIntValue(), invocation::toString);
        assertTrue(response.get("body").getStringValue().contains(username), invocation::toString);
        assertEquals(1, count("SELECT count(*) FROM users WHERE username = ?", username));
        if (SECRETS_MANAGER) {
            var read = secretsManager.calls().stream().map(StandInSecretsManager.Call::secretId).toList();
            assertTrue(read.contains(DATABASE_SECRET) && read.contains(JWT_SECRET), read::toString);
        }
    }

    @Test
    void viewPublisherPublishesCountedViewsOnItsSchedule() throws Exception {
        long productId = count("""
                INSERT INTO products (name, description, category, brand, price, status, version)
                VALUES ('Viewed lamp', 'Counted by the Lambda jar', 'lamps', 'smoke', 4200, 'ACTIVE', 1)
                RETURNING id""");
        execute("INSERT INTO product_view_counts (product_id, shard, views) VALUES (?, 0, 5), (?, 3, 2)",
                productId, productId);

        var invocation = invoke("ViewPublishFunction", LambdaEvents.schedule(), Duration.ofSeconds(30));

        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'PRODUCT_VIEWED' "
                + "AND (event->'payload'->>'count')::int = 7", String.valueOf(productId)), invocation::toString);
        assertEquals(0, count("SELECT count(*) FROM product_view_counts WHERE product_id = ?", productId));
    }

    @Test
    void outboxRelayPublishesOnItsSchedule() throws Exception {
        UUID eventId = insertOutboxRow();
        // The relay drains until its safety margin (10 s) before the deadline: 13 s leaves it 3 s.
        var invocation = invoke("OutboxRelayFunction", LambdaEvents.schedule(), Duration.ofSeconds(13));

        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
        assertTrue(published(eventId), invocation::toString);
    }

    @Test
    void notificationFunctionHandlesAnMskBatch() throws Exception {
        UUID eventId = UUID.randomUUID();
        long orderId = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE / 2);
        String event = """
                {"eventId":"%s","eventType":"ORDER_PAID","aggregateType":"Order","aggregateId":"%d",
                 "aggregateVersion":2,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"orderId":%d,"userId":%d,"status":"PAID","previousStatus":"PENDING","totalAmount":1200,
                            "items":[]}}""".formatted(eventId, orderId, orderId, orderId);
        var invocation = invoke("NotificationFunction", LambdaEvents.msk("order-events", orderId, event),
                Duration.ofSeconds(30));

        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
        assertEquals(1, count("SELECT count(*) FROM notifications WHERE source_event_id = ? AND type = 'ORDER_PAID'",
                eventId), invocation::toString);
    }

    @Test
    void notificationFunctionNotifiesMentionsFromAnMskBatch() throws Exception {
        UUID eventId = UUID.randomUUID();
        // Ids far above what other tests of the build use: made-up channel, message and users.
        long channelId = ThreadLocalRandom.current().nextLong(1L << 52, 1L << 53);
        String event = """
                {"eventId":"%s","eventType":"MESSAGE_CREATED","aggregateType":"Channel","aggregateId":"%d",
                 "aggregateVersion":3,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"messageId":%d,"channelId":%d,"authorId":%d,"content":"smoke @a @b","mentions":[%d,%d],
                            "attachments":[],"createdAt":"2026-11-21T10:00:00Z","editedAt":null}}"""
                .formatted(eventId, channelId, channelId, channelId, channelId, channelId + 1, channelId + 2);
        var invocation = invoke("NotificationFunction", LambdaEvents.msk("platform.messages", channelId, event),
                Duration.ofSeconds(30));

        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
        assertEquals(2, count("SELECT count(*) FROM notifications WHERE type = 'MENTION' AND message_id = ? "
                + "AND channel_id = ?", channelId, channelId), invocation::toString);
        assertEquals(2, count("SELECT count(*) FROM outbox WHERE topic = 'platform.notifications.sent' "
                + "AND event->'payload'->>'messageId' = ?", String.valueOf(channelId)), "one NOTIFICATION_SENT each");
    }

    @Test
    void fulfillmentInventoryFunctionReservesFromAnMskBatch() throws Exception {
        long productId = count("""
                INSERT INTO products (name, description, category, brand, price, status, version)
                VALUES ('Reserved lamp', 'Reserved by the Lambda jar', 'lamps', 'smoke', 4200, 'ACTIVE', 1)
                RETURNING id""");
        execute("INSERT INTO stock (product_id, tracked, on_hand, reserved, version) VALUES (?, true, 5, 0, 1)",
                productId);
        long orderId = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE / 2);
        String event = """
                {"eventId":"%s","eventType":"ORDER_CREATED","aggregateType":"Order","aggregateId":"%d",
                 "aggregateVersion":1,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"orderId":%d,"userId":1,"status":"PENDING","previousStatus":null,"totalAmount":8400,
                            "items":[{"productId":%d,"productName":"Reserved lamp","unitPrice":4200,"quantity":2,
                                      "lineTotal":8400}],"cancellationReason":null}}"""
                .formatted(UUID.randomUUID(), orderId, orderId, productId);
        var invocation = invoke("FulfillmentInventoryFunction", LambdaEvents.msk("order-events", orderId, event),
                Duration.ofSeconds(30));

        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
        assertEquals(1, count("SELECT count(*) FROM stock_reservations WHERE order_id = ? AND status = 'RESERVED'",
                orderId), invocation::toString);
        assertEquals(2, count("SELECT reserved FROM stock WHERE product_id = ?", productId));
        assertEquals(1, count("SELECT count(*) FROM outbox WHERE aggregate_id = ? AND event_type = 'STOCK_RESERVED'",
                String.valueOf(orderId)));
    }

    @Test
    void fulfillmentShippingFunctionSchedulesFromAnMskBatch() throws Exception {
        long orderId = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE / 2);
        String event = """
                {"eventId":"%s","eventType":"STOCK_DEDUCTED","aggregateType":"Reservation","aggregateId":"%d",
                 "aggregateVersion":2,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"orderId":%d,"lines":[],"shortages":null}}""".formatted(UUID.randomUUID(), orderId, orderId);
        var invocation = invoke("FulfillmentShippingFunction", LambdaEvents.msk("inventory-events", orderId, event),
                Duration.ofSeconds(30));

        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
        assertEquals(1, count("SELECT count(*) FROM shipments WHERE order_id = ? AND status = 'SCHEDULED' "
                + "AND carrier_reference = ?", orderId, "SBX-SHIP-" + orderId), invocation::toString);
    }

    @Test
    void indexerFunctionIndexesFromAnMskBatch() throws Exception {
        long productId = count("""
                INSERT INTO products (name, description, category, brand, price, status, version)
                VALUES ('Smoke-tested lamp', 'Indexed by the Lambda jar', 'lamps', 'smoke', 4200, 'ACTIVE', 1)
                RETURNING id""");
        String event = """
                {"eventId":"%s","eventType":"PRODUCT_CREATED","aggregateType":"Product","aggregateId":"%d",
                 "aggregateVersion":1,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"productId":%d}}""".formatted(UUID.randomUUID(), productId, productId);
        var invocation = invoke("IndexerFunction", LambdaEvents.msk("catalog-events", productId, event),
                Duration.ofSeconds(30));

        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
        var document = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(elasticsearch.split(",")[0] + "/products/_doc/" + productId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, document.statusCode(), document::body);
        JsonNode source = json.readValue(document.body(), JsonNode.class).get("_source");
        assertNotNull(source, document.body());
        assertEquals("Smoke-tested lamp", source.get("name").getStringValue());
    }

    /**
     * The search path of the order-api jar, which speaks to Elasticsearch through its low-level client only (the
     * typed client is not in the jar): a product the indexer jar indexed is found by a text query.
     */
    @Test
    void orderApiFindsAProductTheIndexerIndexed() throws Exception {
        String word = "smokeword" + ThreadLocalRandom.current().nextInt(1_000_000);
        long productId = count("""
                INSERT INTO products (name, description, category, brand, price, status, version)
                VALUES (?, 'Searched through the Lambda jar', 'lamps', 'smoke', 4200, 'ACTIVE', 1)
                RETURNING id""", "Searchable " + word + " lamp");
        String event = """
                {"eventId":"%s","eventType":"PRODUCT_CREATED","aggregateType":"Product","aggregateId":"%d",
                 "aggregateVersion":1,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"productId":%d}}""".formatted(UUID.randomUUID(), productId, productId);
        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invoke("IndexerFunction",
                LambdaEvents.msk("catalog-events", productId, event), Duration.ofSeconds(30)).outcome());

        JsonNode found = null;
        for (int attempt = 0; attempt < 20 && found == null; attempt++) { // until the index has refreshed
            var invocation = invoke("OrderApiFunction", LambdaEvents.httpApi("GET", "/api/search/products",
                    Map.of("q", word), null), Duration.ofSeconds(30));
            assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
            JsonNode response = json.readValue(invocation.body(), JsonNode.class);
            assertEquals(200, response.get("statusCode").getIntValue(), invocation::toString);
            JsonNode result = json.readValue(response.get("body").getStringValue(), JsonNode.class);
            if (result.get("total").getLongValue() > 0) {
                found = result.get("items").get(0);
            } else {
                Thread.sleep(250);
            }
        }
        assertNotNull(found, "the product was never found");
        assertEquals(productId, found.get("id").getLongValue());
        assertEquals("Searchable <em>" + word + "</em> lamp", found.get("highlightedName").getStringValue());
    }

    @Test
    void indexerFunctionIndexesMessagesFromAnMskBatch() throws Exception {
        long channelId = ThreadLocalRandom.current().nextLong(1L << 52, 1L << 53);
        String event = """
                {"eventId":"%s","eventType":"MESSAGE_CREATED","aggregateType":"Channel","aggregateId":"%d",
                 "aggregateVersion":2,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"messageId":%d,"channelId":%d,"authorId":7,"content":"indexed by the Lambda jar",
                            "mentions":[],"attachments":[],"createdAt":"2026-11-21T10:00:00Z","editedAt":null}}"""
                .formatted(UUID.randomUUID(), channelId, channelId, channelId);
        var invocation = invoke("IndexerFunction", LambdaEvents.msk("platform.messages", channelId, event),
                Duration.ofSeconds(30));

        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
        var document = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(elasticsearch.split(",")[0] + "/messages/_doc/" + channelId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, document.statusCode(), document::body);
        JsonNode source = json.readValue(document.body(), JsonNode.class).get("_source");
        assertEquals("indexed by the Lambda jar", source.get("content").getStringValue());
        assertEquals(channelId, source.get("channelId").getLongValue());
    }

    @Test
    void indexerFunctionCountsUserActivityFromAnMskBatchOncePerEvent() throws Exception {
        long userId = ThreadLocalRandom.current().nextLong(1L << 52, 1L << 53);
        String event = """
                {"eventId":"%s","eventType":"MESSAGE_POSTED","aggregateType":"UserActivity","aggregateId":"%d",
                 "aggregateVersion":5,"occurredAt":"2026-11-21T23:59:59.5Z","schemaVersion":1,
                 "payload":{"userId":%d,"occurredAt":"2026-11-21T23:59:59.5Z","channelId":3,"messageId":4}}"""
                .formatted(UUID.randomUUID(), userId, userId);
        for (int delivery = 1; delivery <= 2; delivery++) {
            var invocation = invoke("IndexerFunction", LambdaEvents.msk("platform.users.activity", userId, event),
                    Duration.ofSeconds(30));
            assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
            assertEquals(1, count("SELECT messages_posted FROM user_activity_daily WHERE user_id = ? "
                    + "AND day = DATE '2026-11-21' AND logins = 0 AND joins = 0", userId), "delivery " + delivery);
        }
    }

    @Test
    void reindexFunctionRunsARecordedJob() throws Exception {
        UUID job = UUID.randomUUID();
        execute("INSERT INTO reindex_jobs (id, status) VALUES (?, 'RUNNING')", job);
        // order-api's asynchronous invocation; a small database fits in one invocation, so no continuation is asked.
        var invocation = invoke("ReindexFunction", "{\"jobId\":\"" + job + "\"}", Duration.ofSeconds(60));

        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
        assertTrue(invocation.body().contains("SUCCEEDED"), invocation::toString);
        assertEquals(1, count("SELECT count(*) FROM reindex_jobs WHERE id = ? AND status = 'SUCCEEDED' AND pieces = 1",
                job), invocation::toString);
    }

    @Test
    void replayFunctionStartsAndFindsNoJobWaiting() throws Exception {
        // The EventBridge schedule's backstop invocation: the jar's replay wiring (database, Kafka and
        // Elasticsearch clients) starts, looks for a waiting or stalled job and finds none.
        var invocation = invoke("ReplayFunction", "{}", Duration.ofSeconds(60));

        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
        assertTrue(invocation.body().contains("IDLE"), invocation::toString);
    }

    /** An order placed directly in the database, with its saga; returns its id. */
    private long pendingOrder(String age) throws Exception {
        long userId = count("INSERT INTO users (username, password_hash, role) VALUES (?, 'x', 'USER') RETURNING id",
                "saga-" + UUID.randomUUID().toString().substring(0, 8));
        long orderId = count("INSERT INTO orders (user_id, status, total_amount, version, created_at) "
                + "VALUES (?, 'PENDING', 1200, 1, now() - ?::interval) RETURNING id", userId, age);
        execute("INSERT INTO order_sagas (order_id, status) VALUES (?, 'RUNNING')", orderId);
        return orderId;
    }

    @Test
    void orderSagaFunctionRecordsAShipmentFromAnMskBatch() throws Exception {
        long orderId = pendingOrder("0 seconds");
        String event = """
                {"eventId":"%s","eventType":"SHIPMENT_SCHEDULED","aggregateType":"Shipment","aggregateId":"%d",
                 "aggregateVersion":1,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"orderId":%d,"shipmentId":1,"status":"SCHEDULED","carrierReference":"SMOKE-1"}}"""
                .formatted(UUID.randomUUID(), orderId, orderId);
        var invocation = invoke("OrderSagaFunction", LambdaEvents.msk("shipping-events", orderId, event),
                Duration.ofSeconds(30));

        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
        assertEquals(1, count("SELECT count(*) FROM order_sagas WHERE order_id = ? AND shipment_status = 'SCHEDULED' "
                + "AND shipment_reference = 'SMOKE-1'", orderId), invocation::toString);
    }

    @Test
    void sagaTimerFunctionExpiresAnUnpaidOrderOnItsSchedule() throws Exception {
        long orderId = pendingOrder("2 hours");

        var invocation = invoke("SagaTimerFunction", LambdaEvents.schedule(), Duration.ofSeconds(30));

        assertEquals(LambdaRuntime.Invocation.Outcome.RESPONSE, invocation.outcome(), invocation::toString);
        assertEquals(1, count("SELECT count(*) FROM orders WHERE id = ? AND status = 'CANCELLED' "
                + "AND cancellation_reason = 'PAYMENT_TIMEOUT'", orderId), invocation::toString);
    }
}
