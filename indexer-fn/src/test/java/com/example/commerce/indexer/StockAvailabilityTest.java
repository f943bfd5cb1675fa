package com.example.commerce.indexer;

import com.example.commerce.contract.Topics;
import com.example.commerce.contract.inventory.InventoryEventType;
import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductIndex;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

import static com.example.commerce.indexer.CatalogFixture.event;
import static com.example.commerce.indexer.CatalogFixture.header;
import static com.example.commerce.indexer.CatalogFixture.productEvent;
import static com.example.commerce.testsupport.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Stock levels reach search: STOCK_LEVEL_CHANGED on inventory-events rewrites the product's document with the
 * available quantity of its stock row (the rows are written here as the inventory module writes them), keeping
 * every other field, and an older stock version never replaces a newer one.
 */
@MicronautTest(environments = "indexer-fn", transactional = false)
class StockAvailabilityTest extends IndexerTestBase {

    @Inject
    ProductIndex index;

    private static String stockLevel(long productId, long version, boolean tracked, Long onHand, Long reserved) {
        String payload = """
                {"productId":%d,"tracked":%s,"onHand":%s,"reserved":%s,"available":%s}""".formatted(productId,
                tracked, onHand, reserved, onHand == null ? null : onHand - reserved);
        return event(UUID.randomUUID(), InventoryEventType.STOCK_LEVEL_CHANGED.name(), InventoryEventType.STOCK,
                productId, version, payload);
    }

    private void setStock(long productId, boolean tracked, long onHand, long reserved, long version) throws Exception {
        catalog.execute("""
                INSERT INTO stock (product_id, tracked, on_hand, reserved, version) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (product_id) DO UPDATE SET tracked = excluded.tracked, on_hand = excluded.on_hand,
                    reserved = excluded.reserved, version = excluded.version, updated_at = now()""",
                productId, tracked, onHand, reserved, version);
    }

    @Test
    void aStockLevelChangeSetsAvailableAndKeepsEveryOtherField() throws Exception {
        long id = catalog.insertProduct("Stocked lamp");
        catalog.execute("INSERT INTO product_metrics (product_id, like_count, revision) VALUES (?, 4, 1)", id);
        catalog.send(Topics.CATALOG_EVENTS, id, productEvent("PRODUCT_CREATED", id, 1));
        await("the product is indexed", () -> catalog.indexed(id) != null);
        assertNull(catalog.indexed(id).available(), "no stock row: untracked, always available");

        setStock(id, true, 10, 3, 1);
        catalog.send(Topics.INVENTORY_EVENTS, id, stockLevel(id, 1, true, 10L, 3L));
        await("available reaches the document", () -> Objects.equals(7L, catalog.indexed(id).available()));
        ProductDocument stocked = catalog.indexed(id);
        assertEquals(1, stocked.stockVersion());
        assertEquals("Stocked lamp", stocked.name());
        assertEquals(4, stocked.likeCount());
        assertEquals(1, stocked.version());

        setStock(id, true, 10, 10, 2);
        catalog.send(Topics.INVENTORY_EVENTS, id, stockLevel(id, 2, true, 10L, 10L));
        await("sold out", () -> Objects.equals(0L, catalog.indexed(id).available()));

        // A later catalog change rewrites the document with the stock as it is.
        catalog.execute("UPDATE products SET name = 'Renamed lamp', version = 2 WHERE id = ?", id);
        catalog.send(Topics.CATALOG_EVENTS, id, productEvent("PRODUCT_UPDATED", id, 2));
        await("the rename is indexed", () -> "Renamed lamp".equals(catalog.indexed(id).name()));
        assertEquals(0L, catalog.indexed(id).available());
        assertEquals(2, catalog.indexed(id).stockVersion());

        setStock(id, false, 10, 0, 3);
        catalog.send(Topics.INVENTORY_EVENTS, id, stockLevel(id, 3, false, null, null));
        await("tracking stopped", () -> catalog.indexed(id).stockVersion() == 3);
        assertNull(catalog.indexed(id).available());
        assertEquals("Renamed lamp", catalog.indexed(id).name());
    }

    @Test
    void anOlderStockLevelNeverReplacesANewerOne() throws Exception {
        long id = catalog.insertProduct("Contested chair");
        setStock(id, true, 5, 0, 2);
        catalog.send(Topics.INVENTORY_EVENTS, id, stockLevel(id, 2, true, 5L, 0L));
        await("stock version 2 is indexed", () -> catalog.indexed(id) != null
                && catalog.indexed(id).stockVersion() == 2);

        // A document built from a read before version 2 (version 1, 9 available) arrives late.
        ProductDocument current = catalog.indexed(id);
        index.write(index.alias(), List.of(withStock(current, 9L, 1)), true);
        // So does a redelivery of the version 1 event: the document is rebuilt from the row, at version 2.
        catalog.send(Topics.INVENTORY_EVENTS, id, stockLevel(id, 1, true, 9L, 0L));
        setStock(id, true, 5, 1, 3);
        catalog.send(Topics.INVENTORY_EVENTS, id, stockLevel(id, 3, true, 5L, 1L));

        await("stock version 3 is indexed", () -> catalog.indexed(id).stockVersion() == 3);
        assertEquals(4L, catalog.indexed(id).available());
        index.write(index.alias(), List.of(withStock(current, 9L, 1)), true);
        assertEquals(4L, catalog.indexed(id).available(), "the late older write was refused");
    }

    @Test
    void reservationEventsAreSkippedAndMalformedStockLevelsDeadLettered() throws Exception {
        long id = catalog.insertProduct("Reserved desk");
        String key = String.valueOf(id);
        catalog.sendWithHeaders(Topics.INVENTORY_EVENTS, key, event(UUID.randomUUID(), "STOCK_RESERVED",
                InventoryEventType.RESERVATION, 77, 1, """
                        {"orderId":77,"lines":[{"productId":%d,"quantity":1}],"shortages":null}""".formatted(id)));
        catalog.sendWithHeaders(Topics.INVENTORY_EVENTS, key, stockLevel(id, 1, true, 3L, 0L)
                .replace("\"tracked\":true", "\"tracked\":\"yes\""));
        setStock(id, true, 3, 1, 2);
        catalog.sendWithHeaders(Topics.INVENTORY_EVENTS, key, stockLevel(id, 2, true, 3L, 1L));

        await("the valid stock level after the poison", () -> catalog.indexed(id) != null);
        assertEquals(2L, catalog.indexed(id).available());
        var dead = catalog.deadLettered(Topics.INVENTORY_EVENTS_DLQ, key, 1);
        assertEquals(1, dead.size());
        assertEquals(Topics.INVENTORY_EVENTS, header(dead.get(0), "dlq.original.topic"));
        assertEquals(IndexerService.CONSUMER, header(dead.get(0), "dlq.consumer"));
        assertEquals("TEST", header(dead.get(0), "eventType"));
    }

    private static ProductDocument withStock(ProductDocument document, Long available, long stockVersion) {
        return new ProductDocument(document.id(), document.name(), document.description(), document.category(),
                document.brand(), document.price(), document.status(), document.createdAt(), document.updatedAt(),
                document.likeCount(), document.viewCount(), document.salesCount(), document.totalSalesAmount(),
                document.version(), document.metricsRevision(), available, stockVersion);
    }
}
