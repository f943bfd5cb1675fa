package com.example.commerce.indexer;

import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.contract.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static com.example.commerce.indexer.CatalogFixture.event;
import static com.example.commerce.indexer.CatalogFixture.productEvent;
import static com.example.commerce.testsupport.Eventually.await;
import static com.example.commerce.testsupport.TopicRecords.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record that can never be applied (here: a counter would overflow) is dead-lettered with its headers, and the
 * partition moves on to the records after it.
 */
@MicronautTest(environments = "indexer-fn", transactional = false)
class PoisonRecordTest extends IndexerTestBase {

    @Inject
    MeterRegistry meters;

    @Inject
    IndexerService indexer;

    /**
     * Nothing is skipped silently: a record that is not an event at all (no value, not JSON, an envelope without
     * its fields), on every topic the indexer reads, goes to that topic's dead-letter topic with the shared
     * headers and its own (its trace included), whichever adapter delivered it.
     */
    @Test
    void everyMalformedRecordOfEveryTopicIsDeadLetteredWithTheConventionsHeaders() throws Exception {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var topics = Map.of(Topics.CATALOG_EVENTS, Topics.CATALOG_EVENTS_DLQ, Topics.ORDER_EVENTS,
                Topics.ORDER_EVENTS_DLQ, Topics.INVENTORY_EVENTS, Topics.INVENTORY_EVENTS_DLQ, Topics.MESSAGES,
                Topics.MESSAGES_DLQ);
        var malformed = new java.util.ArrayList<byte[]>();
        malformed.add(null);
        malformed.add("not json".getBytes(StandardCharsets.UTF_8));
        malformed.add("{\"eventId\":\"%s\"}".formatted(UUID.randomUUID()).getBytes(StandardCharsets.UTF_8));
        for (var topic : topics.entrySet()) {
            String key = "malformed-" + UUID.randomUUID();
            var batch = new java.util.ArrayList<IncomingEvent>();
            for (int i = 0; i < malformed.size(); i++) {
                batch.add(new IncomingEvent(topic.getKey(), 0, 1_000 + i, key.getBytes(StandardCharsets.UTF_8),
                        malformed.get(i), Map.of("traceparent", traceparent.getBytes(StandardCharsets.UTF_8))));
            }

            indexer.process(batch);

            var dead = catalog.deadLettered(topic.getValue(), key, malformed.size());
            assertEquals(malformed.size(), dead.size(), topic.getKey());
            for (var record : dead) {
                assertEquals(topic.getKey(), header(record, "dlq.original.topic"));
                assertEquals("0", header(record, "dlq.original.partition"));
                assertTrue(Long.parseLong(header(record, "dlq.original.offset")) >= 1_000);
                assertEquals(Topics.MESSAGES.equals(topic.getKey()) ? MessageIndexer.CONSUMER : IndexerService.CONSUMER,
                        header(record, "dlq.consumer"));
                assertTrue(!header(record, "dlq.error").isBlank(), topic.getKey());
                assertEquals(traceparent, header(record, "traceparent"), topic.getKey());
            }
        }
    }

    @Test
    void aViewCountThatWouldOverflowIsDeadLetteredAndTheNextRecordApplied() throws Exception {
        long id = catalog.insertProduct("Overviewed poster");
        catalog.execute("INSERT INTO product_metrics (product_id, view_count) VALUES (?, ?)", id, Long.MAX_VALUE);
        String key = String.valueOf(id);
        String overflow = event(UUID.randomUUID(), "PRODUCT_VIEWED", "Product", id, 2,
                "{\"productId\":%d,\"userId\":null,\"count\":5}".formatted(id));
        catalog.sendWithHeaders("catalog-events", key, overflow);
        catalog.sendWithHeaders("catalog-events", key, productEvent("PRODUCT_LIKED", id, 3));

        await("the like after the poison record is counted", () -> catalog.metrics(id)[0] == 1);
        assertEquals(Long.MAX_VALUE, catalog.metrics(id)[1], "the refused views changed nothing");
        await("the document shows the like", () -> catalog.indexed(id) != null
                && catalog.indexed(id).likeCount() == 1);

        var dead = catalog.deadLettered("catalog-events-dlq", key, 1);
        assertEquals(1, dead.size());
        var record = dead.get(0);
        assertEquals(overflow, new String(record.value()));
        assertEquals("TEST", header(record, "eventType"), "the original headers travel along");
        assertEquals("catalog-events", header(record, "dlq.original.topic"));
        assertEquals(IndexerService.CONSUMER, header(record, "dlq.consumer"));
        Integer.parseInt(header(record, "dlq.original.partition"));
        Long.parseLong(header(record, "dlq.original.offset"));
        assertTrue(header(record, "dlq.error").contains("out of range"), header(record, "dlq.error"));
    }

    @Test
    void aSaleThatWouldOverflowIsDeadLetteredAndTheNextRecordApplied() throws Exception {
        long rich = catalog.insertProduct("Priceless vase");
        long plain = catalog.insertProduct("Plain vase");
        catalog.execute("INSERT INTO product_metrics (product_id, total_sales_amount) VALUES (?, ?)", rich,
                Long.MAX_VALUE - 10);
        long order = ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE / 2);
        String key = String.valueOf(order);
        String overflow = CatalogFixture.orderEvent("ORDER_PAID", order, "PENDING", rich, 1, 100);
        catalog.sendWithHeaders("order-events", key, overflow);
        // The next record of the same key, i.e. on the same partition.
        catalog.sendWithHeaders("order-events", key,
                CatalogFixture.orderEvent("ORDER_PAID", order, "PENDING", plain, 2, 50));

        await("the sale after the poison record is counted", () -> catalog.metrics(plain) != null
                && catalog.metrics(plain)[3] == 50);
        assertEquals(Long.MAX_VALUE - 10, catalog.metrics(rich)[3], "the refused sale changed nothing");
        assertEquals(0, catalog.metrics(rich)[2]);

        var dead = catalog.deadLettered("order-events-dlq", key, 1);
        assertEquals(1, dead.size());
        var record = dead.get(0);
        assertEquals(overflow, new String(record.value()));
        assertEquals("TEST", header(record, "eventType"));
        assertEquals("order-events", header(record, "dlq.original.topic"));
        assertEquals(IndexerService.CONSUMER, header(record, "dlq.consumer"));
    }

    @Test
    void aTransientDatabaseErrorIsRetriedNotDeadLettered() throws Exception {
        long id = catalog.insertProduct("Contended poster");
        // The database answers this product's metrics with "deadlock detected" until the refusal is lifted.
        try (var refusal = sql.refuse("product_metrics", "INSERT OR UPDATE", "NEW.product_id = " + id, "40P01")) {
            double retriesBefore = meters.counter("indexer.retries").count();
            catalog.sendWithHeaders("catalog-events", String.valueOf(id), productEvent("PRODUCT_LIKED", id, 2));
            await("several failed attempts", () -> meters.counter("indexer.retries").count() >= retriesBefore + 3);
            assertNull(catalog.metrics(id));
        }
        // Had it been dead-lettered, the like would never be counted.
        await("the like once the database accepts it", () -> catalog.metrics(id) != null
                && catalog.metrics(id)[0] == 1);
    }
}
