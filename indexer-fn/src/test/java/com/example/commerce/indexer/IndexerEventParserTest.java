package com.example.commerce.indexer;

import com.example.commerce.contract.EventSamples;
import com.example.commerce.contract.EventSamples.Sample;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.Topics;
import com.example.commerce.contract.catalog.CatalogEventType;
import com.example.commerce.contract.inventory.InventoryEventType;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.indexer.IndexerEvent.MetricChange;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract's events of both topics, as the indexer reads them, and the records it must dead-letter. */
class IndexerEventParserTest {

    private final IndexerEventParser parser = new IndexerEventParser(JsonMapper.createDefault());

    @Test
    void everyCatalogEventOfTheContractIsRead() {
        var samples = EventSamples.ofTopic(Topics.CATALOG_EVENTS);
        assertEquals(CatalogEventType.values().length * 2, files(samples), "a samples file and a golden event per type");
        for (Sample sample : samples) {
            Map<String, Object> event = json(sample);
            Map<String, Object> payload = payload(event);
            long productId = ((Number) payload.get("productId")).longValue();
            IndexerEvent read = parser.parse(Topics.CATALOG_EVENTS, sample.bytes())
                    .orElseThrow(() -> new AssertionError("skipped: " + sample));
            assertEquals(UUID.fromString((String) event.get("eventId")), read.eventId(), sample::toString);
            assertEquals(event.get("eventType"), read.eventType(), sample::toString);
            assertEquals(Set.of(productId), read.products(), sample::toString);
            var type = (CatalogEventType) sample.type();
            List<MetricChange> expected = switch (type) {
                case PRODUCT_LIKED -> List.of(new MetricChange(productId, 1, 0, 0, 0));
                case PRODUCT_UNLIKED -> List.of(new MetricChange(productId, -1, 0, 0, 0));
                // A version 1 view without count is one view.
                case PRODUCT_VIEWED -> List.of(new MetricChange(productId, 0,
                        payload.containsKey("count") ? ((Number) payload.get("count")).longValue() : 1, 0, 0));
                default -> List.of();
            };
            assertEquals(expected, read.changes(), sample::toString);
        }
    }

    @Test
    void everyOrderEventOfTheContractIsRead() {
        var samples = EventSamples.ofTopic(Topics.ORDER_EVENTS);
        assertEquals(OrderEventType.values().length * 2, files(samples), "a samples file and a golden event per type");
        int sales = 0;
        for (Sample sample : samples) {
            Map<String, Object> payload = payload(json(sample));
            var read = parser.parse(Topics.ORDER_EVENTS, sample.bytes());
            int sign = switch ((OrderEventType) sample.type()) {
                case ORDER_CREATED, ORDER_SHIPPED, ORDER_DELIVERED, STOCK_RELEASE_REQUESTED -> 0;
                case ORDER_PAID -> 1;
                case ORDER_CANCELLED -> "PAID".equals(payload.get("previousStatus")) ? -1 : 0;
            };
            if (sign == 0) {
                assertTrue(read.isEmpty(), () -> "sells nothing: " + sample);
                continue;
            }
            sales++;
            var expected = new ArrayList<MetricChange>();
            @SuppressWarnings("unchecked")
            var items = (List<Map<String, Object>>) payload.get("items");
            for (Map<String, Object> item : items) {
                expected.add(new MetricChange(((Number) item.get("productId")).longValue(), 0, 0,
                        sign * ((Number) item.get("quantity")).longValue(),
                        sign * ((Number) item.get("lineTotal")).longValue()));
            }
            assertEquals(expected, read.orElseThrow(() -> new AssertionError("skipped: " + sample)).changes(),
                    sample::toString);
        }
        assertTrue(sales >= 3, "paid, refunded and golden paid orders are among the samples");
    }

    @Test
    void everyInventoryEventOfTheContractIsReadAndOnlyStockLevelsConcernSearch() {
        var samples = EventSamples.ofTopic(Topics.INVENTORY_EVENTS);
        assertEquals(InventoryEventType.values().length * 2, files(samples), "a samples file and a golden event per type");
        int levels = 0;
        for (Sample sample : samples) {
            var read = parser.parse(Topics.INVENTORY_EVENTS, sample.bytes());
            if (sample.type() != InventoryEventType.STOCK_LEVEL_CHANGED) {
                assertTrue(read.isEmpty(), () -> "no document changes: " + sample);
                continue;
            }
            levels++;
            Map<String, Object> event = json(sample);
            long productId = ((Number) payload(event).get("productId")).longValue();
            IndexerEvent level = read.orElseThrow(() -> new AssertionError("skipped: " + sample));
            assertEquals(UUID.fromString((String) event.get("eventId")), level.eventId());
            assertEquals(Set.of(productId), level.products(), sample::toString);
            assertEquals(List.of(), level.changes(), "a stock level changes no metric");
        }
        assertEquals(3, levels, "tracked and untracked samples, and the golden event");
        String level = EventSamples.goldenV1(InventoryEventType.STOCK_LEVEL_CHANGED).json();
        for (String malformed : List.of(level.replace("\"productId\":11", "\"productId\":0"),
                level.replace("\"tracked\":true", "\"tracked\":1"), "{not json")) {
            assertThrows(MalformedEventException.class,
                    () -> parser.parse(Topics.INVENTORY_EVENTS, malformed.getBytes(StandardCharsets.UTF_8)), malformed);
        }
    }

    @Test
    void anOrderThatSellsWithoutItemsIsMalformed() {
        String paid = EventSamples.goldenV1(OrderEventType.ORDER_PAID).json().replaceAll(",\"items\":\\[.*]", "");
        assertTrue(!paid.contains("items"));
        assertThrows(MalformedEventException.class,
                () -> parser.parse(Topics.ORDER_EVENTS, paid.getBytes(StandardCharsets.UTF_8)));
        String created = EventSamples.goldenV1(OrderEventType.ORDER_CREATED).json().replaceAll(",\"items\":\\[.*]", "");
        assertTrue(parser.parse(Topics.ORDER_EVENTS, created.getBytes(StandardCharsets.UTF_8)).isEmpty(),
                "a created order sells nothing, with or without items");
    }

    @Test
    void eventsOfTheOtherTopicOrOfNoKnownTypeAreSkipped() {
        byte[] liked = EventSamples.goldenV1(CatalogEventType.PRODUCT_LIKED).bytes();
        assertTrue(parser.parse(Topics.ORDER_EVENTS, liked).isEmpty());
        assertTrue(parser.parse("other-events", liked).isEmpty());
        String shipped = EventSamples.goldenV1(OrderEventType.ORDER_PAID).json().replace("ORDER_PAID", "ORDER_SHIPPED");
        assertTrue(parser.parse(Topics.ORDER_EVENTS, shipped.getBytes(StandardCharsets.UTF_8)).isEmpty());
        String returned = EventSamples.goldenV1(OrderEventType.ORDER_PAID).json().replace("ORDER_PAID", "ORDER_RETURNED");
        assertTrue(parser.parse(Topics.ORDER_EVENTS, returned.getBytes(StandardCharsets.UTF_8)).isEmpty());
        String counted = EventSamples.goldenV1(InventoryEventType.STOCK_LEVEL_CHANGED).json()
                .replace("STOCK_LEVEL_CHANGED", "STOCK_COUNTED");
        assertTrue(parser.parse(Topics.INVENTORY_EVENTS, counted.getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertThrows(MalformedEventException.class, () -> parser.parse(Topics.CATALOG_EVENTS,
                "{not json".getBytes(StandardCharsets.UTF_8)));
    }

    private static long files(List<Sample> samples) {
        return samples.stream().map(sample -> sample.source().replaceAll("\\[\\d+]$", "")).distinct().count();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Map<String, Object> event) {
        return (Map<String, Object>) event.get("payload");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Sample sample) {
        try {
            return JsonMapper.createDefault().readValue(sample.bytes(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
