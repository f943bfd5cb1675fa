package com.example.commerce.indexer;

import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.Topics;
import com.example.commerce.contract.catalog.CatalogEventReader;
import com.example.commerce.contract.catalog.CatalogEventType;
import com.example.commerce.contract.catalog.CatalogPayload;
import com.example.commerce.contract.catalog.ViewPayload;
import com.example.commerce.contract.inventory.InventoryEventReader;
import com.example.commerce.contract.inventory.InventoryEventType;
import com.example.commerce.contract.inventory.InventoryPayload;
import com.example.commerce.contract.inventory.StockLevelPayload;
import com.example.commerce.contract.order.OrderEventReader;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.contract.order.OrderPayload;
import com.example.commerce.indexer.IndexerEvent.MetricChange;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the events of {@code catalog-events}, {@code order-events} and {@code inventory-events} with the contract's
 * readers (event-contract, {@code events/events.schema.json}). Sales count when an order is paid and are taken back when a paid order is
 * cancelled; creating an order sells nothing yet. A view event counts {@code count} views (order-api aggregates
 * them; a version 1 event without count is upcast to one view).
 */
@Singleton
public class IndexerEventParser {

    private final OrderEventReader orders;
    private final CatalogEventReader catalog;
    private final InventoryEventReader inventory;

    public IndexerEventParser(JsonMapper json) {
        this.orders = new OrderEventReader(json);
        this.catalog = new CatalogEventReader(json);
        this.inventory = new InventoryEventReader(json);
    }

    /**
     * @param topic the topic the record was consumed from: it decides which reader reads it
     * @return the event's meaning, or empty for event types (and topics) that do not concern search
     * @throws MalformedEventException if the record can never be processed
     */
    public Optional<IndexerEvent> parse(String topic, @Nullable byte[] value) {
        return switch (topic) {
            case Topics.CATALOG_EVENTS -> catalog.read(value).map(IndexerEventParser::product);
            case Topics.ORDER_EVENTS -> orders.read(value).flatMap(IndexerEventParser::sales);
            case Topics.INVENTORY_EVENTS -> inventory.read(value).flatMap(IndexerEventParser::stock);
            default -> Optional.empty();
        };
    }

    private static IndexerEvent product(ConsumedEvent<CatalogEventType, CatalogPayload> event) {
        long productId = event.payload().productId();
        long likes = switch (event.type()) {
            case PRODUCT_LIKED -> 1;
            case PRODUCT_UNLIKED -> -1;
            default -> 0;
        };
        long views = event.payload() instanceof ViewPayload view ? view.count() : 0;
        List<MetricChange> changes = likes == 0 && views == 0
                ? List.of() : List.of(new MetricChange(productId, likes, views, 0, 0));
        return new IndexerEvent(event.eventId(), event.type().name(), Set.of(productId), changes);
    }

    private static Optional<IndexerEvent> sales(ConsumedEvent<OrderEventType, OrderPayload> event) {
        return switch (event.type()) {
            case ORDER_PAID -> Optional.of(sales(event, 1));
            case ORDER_CANCELLED -> event.payload().wasPaid() ? Optional.of(sales(event, -1)) : Optional.empty();
            // Shipping and delivery change no sales figure; the stock release follows a cancellation already counted.
            case ORDER_CREATED, ORDER_SHIPPED, ORDER_DELIVERED, STOCK_RELEASE_REQUESTED -> Optional.empty();
        };
    }

    /**
     * A product's stock level changed: its document is rewritten from the database, where the stock row was
     * committed with the event, so the document shows the level and the stock version of that row (never an older
     * one: the version is part of the document's external version). Reservation events change no document: each
     * stock change they cause has a STOCK_LEVEL_CHANGED of its own.
     */
    private static Optional<IndexerEvent> stock(ConsumedEvent<InventoryEventType, InventoryPayload> event) {
        if (event.type() != InventoryEventType.STOCK_LEVEL_CHANGED) {
            return Optional.empty();
        }
        long productId = ((StockLevelPayload) event.payload()).productId();
        return Optional.of(new IndexerEvent(event.eventId(), event.type().name(), Set.of(productId), List.of()));
    }

    private static IndexerEvent sales(ConsumedEvent<OrderEventType, OrderPayload> event, int sign) {
        List<OrderPayload.Line> items = event.payload().items();
        if (items == null) {
            throw new MalformedEventException("items is missing or not an array");
        }
        Set<Long> products = new LinkedHashSet<>();
        List<MetricChange> changes = new ArrayList<>();
        for (OrderPayload.Line item : items) {
            products.add(item.productId());
            changes.add(new MetricChange(item.productId(), 0, 0, sign * item.quantity(), sign * item.lineTotal()));
        }
        return new IndexerEvent(event.eventId(), event.type().name(), products, changes);
    }
}
