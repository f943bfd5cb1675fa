package com.example.commerce.indexer;

import com.example.commerce.consumer.IncomingEvent;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;

import static com.example.commerce.indexer.CatalogFixture.orderEvent;
import static com.example.commerce.indexer.CatalogFixture.productEvent;
import static com.example.commerce.testsupport.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The local indexer against the real (embedded) broker, database and Elasticsearch. */
@MicronautTest(environments = "indexer-fn", transactional = false)
class IndexerTest extends IndexerTestBase {

    @Inject
    IndexerService indexer;

    @Test
    void createUpdateAndDeleteReachSearch() throws Exception {
        long id = catalog.insertProduct("Indexed notebook");
        catalog.send("catalog-events", id, productEvent("PRODUCT_CREATED", id, 1));
        await("the product is indexed", () -> catalog.indexed(id) != null);
        assertEquals("Indexed notebook", catalog.indexed(id).name());

        catalog.execute("UPDATE products SET name = 'Renamed notebook', version = 2 WHERE id = ?", id);
        catalog.send("catalog-events", id, productEvent("PRODUCT_UPDATED", id, 2));
        await("the update is indexed", () -> "Renamed notebook".equals(catalog.indexed(id).name()));
        assertEquals(2, catalog.indexed(id).version());

        catalog.execute("UPDATE products SET status = 'INACTIVE', version = 3 WHERE id = ?", id);
        catalog.send("catalog-events", id, productEvent("PRODUCT_DELETED", id, 3));
        await("the deactivated product is marked so (search filters it out)",
                () -> "INACTIVE".equals(catalog.indexed(id).status()));

        // A replay of the creation cannot bring it back: the document is built from the database.
        catalog.send("catalog-events", id, productEvent("PRODUCT_CREATED", id, 1));
        Thread.sleep(1_500);
        assertEquals("INACTIVE", catalog.indexed(id).status());
    }

    @Test
    void likesViewsAndSalesAreCountedOnceEachAndReachTheDocument() throws Exception {
        long id = catalog.insertProduct("Counted pen");
        String like = productEvent("PRODUCT_LIKED", id, 2);
        catalog.send("catalog-events", id, like);
        catalog.send("catalog-events", id, like); // redelivered
        catalog.send("catalog-events", id, productEvent("PRODUCT_LIKED", id, 3));
        catalog.send("catalog-events", id, productEvent("PRODUCT_UNLIKED", id, 4));
        for (int view = 5; view <= 7; view++) {
            catalog.send("catalog-events", id, productEvent("PRODUCT_VIEWED", id, view));
        }
        long order = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) + 1;
        catalog.send("order-events", order, orderEvent("ORDER_CREATED", order, null, id, 2, 200));
        catalog.send("order-events", order, orderEvent("ORDER_PAID", order, "PENDING", id, 2, 200));
        catalog.send("order-events", order + 1, orderEvent("ORDER_PAID", order + 1, "PENDING", id, 1, 100));
        catalog.send("order-events", order + 1, orderEvent("ORDER_CANCELLED", order + 1, "PAID", id, 1, 100));
        catalog.send("order-events", order + 2, orderEvent("ORDER_CANCELLED", order + 2, "PENDING", id, 5, 500));

        await("the metrics reach the document", () -> {
            var document = catalog.indexed(id);
            return document != null && document.likeCount() == 1 && document.viewCount() == 3
                    && document.salesCount() == 2 && document.totalSalesAmount() == 200;
        });
        Thread.sleep(1_000); // nothing more arrives later
        var document = catalog.indexed(id);
        assertEquals(1, document.likeCount());
        assertEquals(3, document.viewCount());
        assertEquals(2, document.salesCount(), "paid, minus the refunded one; creation and unpaid cancel count 0");
        assertEquals(200, document.totalSalesAmount());
    }

    @Test
    void aBatchLargerThanOneBulkRequestIsWrittenWhole() throws Exception {
        int products = 3 * 500 + 7; // four bulk requests at the default bulk-size
        var batch = new ArrayList<IncomingEvent>();
        var ids = new ArrayList<Long>();
        for (int n = 0; n < products; n++) {
            long id = catalog.insertProduct("Chunked lamp " + n);
            ids.add(id);
            batch.add(new IncomingEvent("catalog-events", 0, n, null,
                    productEvent("PRODUCT_CREATED", id, 1).getBytes(StandardCharsets.UTF_8), Map.of()));
        }
        indexer.process(batch);
        for (long id : ids) {
            var document = catalog.indexed(id);
            assertNotNull(document, "product " + id + " is indexed when the batch returns");
            assertEquals(id, document.id());
        }
    }
}
