package com.example.commerce.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.example.commerce.testsupport.MskEvents;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.testsupport.SystemProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
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
}
