package com.example.commerce.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.example.commerce.platform.lambda.SnapStartPriming;
import com.example.commerce.testsupport.Eventually;
import com.example.commerce.testsupport.KafkaClientThreads;
import com.example.commerce.testsupport.MskEvents;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.testsupport.SystemProperties;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.test.CheckpointSimulator;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static com.example.commerce.indexer.CatalogFixture.productEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MSK-triggered Lambda entry point, started as the Lambda runtime starts it. With Elasticsearch unreachable
 * the invocation fails (so Lambda retries the batch) and the retry counts nothing twice.
 */
class IndexerHandlerTest {

    static SystemProperties properties;
    static IndexerHandler handler;
    static CatalogFixture catalog;

    @BeforeAll
    static void start() {
        properties = SystemProperties.testEnvironment();
        handler = new IndexerHandler();
        var env = handler.getApplicationContext().getEnvironment();
        catalog = new CatalogFixture(env.getRequiredProperty("kafka.bootstrap.servers", String.class),
                Sql.connect(env).dataSource(),
                handler.getApplicationContext().getBean(ElasticsearchClient.class));
    }

    @AfterAll
    static void stop() {
        catalog.close();
        handler.close();
        properties.close();
    }

    private static KafkaEvent mskEvent(ApplicationContext context, long key, String... values) throws Exception {
        return context.getBean(JsonMapper.class).readValue(
                MskEvents.json("catalog-events", 0, String.valueOf(key), Map.of(), values), KafkaEvent.class);
    }

    @Test
    void onLambdaTheTriggerConsumesNotALocalListener() {
        assertTrue(handler.getApplicationContext().getBeanDefinitions(IndexerListener.class).isEmpty());
    }

    @Test
    void elasticsearchDownFailsTheInvocationAndTheRetryCountsOnce() throws Exception {
        long id = catalog.insertProduct("Lambda lamp");
        var event = mskEvent(handler.getApplicationContext(), id, productEvent("PRODUCT_CREATED", id, 1),
                productEvent("PRODUCT_LIKED", id, 2));
        catalog.execute("UPDATE products SET version = 2 WHERE id = ?", id);

        // The same function with Elasticsearch unreachable: the database part commits, the index write fails.
        System.setProperty("elasticsearch.http-hosts", "http://127.0.0.1:9");
        try (var broken = new IndexerHandler()) {
            assertThrows(RuntimeException.class, () -> broken.handleRequest(event, null));
        } finally {
            System.clearProperty("elasticsearch.http-hosts");
        }
        assertNull(catalog.indexed(id));

        handler.handleRequest(event, null); // Lambda's retry of the batch

        var document = catalog.indexed(id);
        assertEquals("Lambda lamp", document.name());
        assertEquals(1, document.likeCount(), "the like was counted in the failed attempt, and not again");
        assertEquals(2, document.version());
    }

    @Test
    void afterABatchExpiredMarksAreDeletedAndRecentOnesStillAbsorbRedeliveries() throws Exception {
        long id = catalog.insertProduct("Retained lamp");
        var event = mskEvent(handler.getApplicationContext(), id, productEvent("PRODUCT_LIKED", id, 2));
        UUID expired = UUID.randomUUID();
        catalog.execute("""
                INSERT INTO processed_events (consumer, event_id, processed_at)
                VALUES (?, ?, now() - interval '8 days')""", IndexerService.CONSUMER, expired);

        // A fresh instance: it has not cleaned up yet, so it does after its first batch.
        try (var fresh = new IndexerHandler()) {
            fresh.handleRequest(event, null);
            assertEquals(0, catalog.count("SELECT count(*) FROM processed_events WHERE event_id = ?", expired),
                    "the mark past the retention is deleted after the batch");
            fresh.handleRequest(event, null); // redelivered: its mark is recent and kept
        }
        assertEquals(1, catalog.metrics(id)[0], "the redelivered like counted once");
    }

    /**
     * SnapStart: before the snapshot a fresh instance runs a batch of synthetic events through parsing, the metrics
     * statements (in a transaction it rolls back), the document reads and the building of the bulk request (not
     * sent), and counts the alias: no row and no index changes, no Kafka client starts, the Elasticsearch connection
     * it used is closed and micronaut-crac empties the pool. After the restore a real batch is indexed.
     */
    @Test
    @SuppressWarnings("unchecked")
    void beforeTheSnapshotTheIndexerPrimesItselfAndLeavesNothing() throws Exception {
        try (var fresh = new IndexerHandler()) {
            var context = fresh.getApplicationContext();
            var sql = Sql.connect(context.getEnvironment());
            var pool = (HikariDataSource) DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
            var checkpoint = context.getBean(CheckpointSimulator.class);
            var json = context.getBean(JsonMapper.class);
            String elasticsearch = context.getEnvironment()
                    .getRequiredProperty("elasticsearch.http-hosts", String.class).split(",")[0];
            var tables = List.of("SELECT count(*) FROM product_metrics",
                    "SELECT coalesce(sum(view_count + sales_count + total_sales_amount), 0) FROM product_metrics",
                    "SELECT count(*) FROM processed_events WHERE consumer = '" + IndexerService.CONSUMER + "'");
            var rowsBefore = tables.stream().map(sql::count).toList();
            Set<String> kafkaThreads = KafkaClientThreads.names();
            Map<String, Object> indexingBefore = indexing(json, elasticsearch);
            long openBefore = openConnections(json, elasticsearch);

            checkpoint.runBeforeCheckpoint();
            try {
                var primed = context.getBean(SnapStartPriming.class).primed();
                assertEquals(List.of(IndexerPriming.NAME), primed.stream().map(SnapStartPriming.Primed::name).toList());
                assertNull(primed.get(0).failure(), primed::toString);
                assertEquals(rowsBefore, tables.stream().map(sql::count).toList(), "no metrics or marks kept");
                assertEquals(indexingBefore, indexing(json, elasticsearch), "no index created, written or deleted");
                var newThreads = new TreeSet<>(KafkaClientThreads.names());
                newThreads.removeAll(kafkaThreads);
                assertEquals(Set.of(), newThreads, "no Kafka producer or consumer started by the priming");
                Eventually.await("the pool closed its connections",
                        () -> pool.getHikariPoolMXBean().getTotalConnections() == 0);
                Eventually.await("the priming's Elasticsearch connection is closed",
                        () -> openConnections(json, elasticsearch) == openBefore);
            } finally {
                checkpoint.runAfterRestore(); // also when an assertion failed: the other tests need the pool
            }

            long id = catalog.insertProduct("Restored lamp");
            fresh.handleRequest(mskEvent(context, id, productEvent("PRODUCT_CREATED", id, 1)), null);
            assertEquals("Restored lamp", catalog.indexed(id).name());
        }
    }

    /**
     * Every index's name with its indexing and delete operations: what a write of any kind would change. Not the
     * document count, which a refresh changes by itself when it makes earlier tests' writes visible.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> indexing(JsonMapper json, String elasticsearch) throws IOException {
        Map<String, Object> stats = get(json, elasticsearch, "/_stats/indexing?level=indices");
        var indices = new java.util.TreeMap<String, Object>();
        ((Map<String, Map<String, Object>>) stats.get("indices")).forEach((name, index) -> {
            var total = (Map<String, Map<String, Object>>) index.get("total");
            indices.put(name, List.of(total.get("indexing").get("index_total"),
                    total.get("indexing").get("index_failed"), total.get("indexing").get("delete_total")));
        });
        return indices;
    }

    /** The HTTP connections the cluster has open, this request's own included. */
    @SuppressWarnings("unchecked")
    private static long openConnections(JsonMapper json, String elasticsearch) throws IOException {
        Map<String, Object> stats = get(json, elasticsearch, "/_nodes/stats/http");
        return ((Map<String, Map<String, Object>>) stats.get("nodes")).values().stream()
                .mapToLong(node -> ((Number) ((Map<String, Object>) node.get("http")).get("current_open")).longValue())
                .sum();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> get(JsonMapper json, String elasticsearch, String path) throws IOException {
        var connection = (HttpURLConnection) URI.create(elasticsearch + path).toURL().openConnection();
        connection.setRequestProperty("Connection", "close"); // so that it is not counted by the next request
        try (InputStream body = connection.getInputStream()) {
            return json.readValue(body.readAllBytes(), Map.class);
        } finally {
            connection.disconnect();
        }
    }
}
