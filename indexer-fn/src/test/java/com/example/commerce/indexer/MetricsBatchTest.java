package com.example.commerce.indexer;

import com.example.commerce.consumer.IncomingEvent;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.example.commerce.indexer.CatalogFixture.event;
import static com.example.commerce.indexer.CatalogFixture.productEvent;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** How a batch's metric changes reach product_metrics: merged per product, in product id order. */
@MicronautTest(environments = "indexer-fn", transactional = false)
class MetricsBatchTest extends IndexerTestBase {

    @Inject
    IndexerService indexer;

    private static IncomingEvent record(String topic, long offset, String value) {
        return new IncomingEvent(topic, 0, offset, null, value.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private static List<IncomingEvent> likes(List<Long> products) {
        var batch = new ArrayList<IncomingEvent>();
        for (long id : products) {
            batch.add(record("catalog-events", batch.size(), productEvent("PRODUCT_LIKED", id, 1)));
        }
        return batch;
    }

    @Test
    void concurrentBatchesTouchingTheSameProductsInOppositeOrderDoNotDeadlock() throws Exception {
        var products = new ArrayList<Long>();
        for (int n = 0; n < 20; n++) {
            products.add(catalog.insertProduct("Contended mug " + n));
        }
        var reversed = new ArrayList<>(products);
        Collections.reverse(reversed);
        indexer.process(likes(products)); // the metrics rows exist: every later upsert locks an existing row
        int rounds = 15;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                var barrier = new CyclicBarrier(2);
                var ascending = likes(products);
                var descending = likes(reversed);
                Future<?> first = threads.submit(() -> {
                    barrier.await();
                    indexer.process(ascending);
                    return null;
                });
                Future<?> second = threads.submit(() -> {
                    barrier.await();
                    indexer.process(descending);
                    return null;
                });
                first.get(); // a deadlock would surface here as "deadlock detected" from one of the two
                second.get();
            }
        } finally {
            threads.shutdownNow();
        }
        for (long id : products) {
            assertEquals(1 + 2 * rounds, catalog.metrics(id)[0], "likes of product " + id);
        }
    }

    @Test
    void viewsAddTheirCountAndABatchWritesOneUpsertPerProduct() throws Exception {
        long viewed = catalog.insertProduct("Viewed lamp");
        long other = catalog.insertProduct("Other lamp");
        var batch = List.of(
                record("catalog-events", 0, view(viewed, "5")),
                record("catalog-events", 1, view(viewed, null)), // an event from before counted views: 1
                record("catalog-events", 2, view(other, "2")),
                record("catalog-events", 3, productEvent("PRODUCT_LIKED", viewed, 1)),
                record("catalog-events", 4, view(viewed, "3")),
                record("order-events", 0, CatalogFixture.orderEvent("ORDER_PAID", 1, "PENDING", viewed, 2, 300)));
        indexer.process(batch);

        // likes, views, sales count, sales amount, revision: one upsert for the whole batch per product.
        assertArrayEquals(new long[] {1, 9, 2, 300, 1}, catalog.metrics(viewed));
        assertArrayEquals(new long[] {0, 2, 0, 0, 1}, catalog.metrics(other));
        assertEquals(9, catalog.indexed(viewed).viewCount());

        indexer.process(batch); // redelivered: absorbed
        assertArrayEquals(new long[] {1, 9, 2, 300, 1}, catalog.metrics(viewed));
    }

    /** A PRODUCT_VIEWED event as order-api emits it: aggregated (count, no user) or, without count, one view. */
    private static String view(long productId, String count) {
        String payload = count == null
                ? "{\"productId\":%d,\"userId\":7}".formatted(productId)
                : "{\"productId\":%d,\"userId\":null,\"count\":%s}".formatted(productId, count);
        return event(UUID.randomUUID(), "PRODUCT_VIEWED", "Product", productId, 1, payload);
    }
}
