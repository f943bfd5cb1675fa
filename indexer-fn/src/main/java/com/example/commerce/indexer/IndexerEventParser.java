package com.example.commerce.indexer;

import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.indexer.IndexerEvent.MetricChange;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static com.example.commerce.contract.EventJson.integer;
import static com.example.commerce.contract.EventJson.object;
import static com.example.commerce.contract.EventJson.optionalInteger;
import static com.example.commerce.contract.EventJson.optionalText;
import static com.example.commerce.contract.EventJson.payload;
import static com.example.commerce.contract.EventJson.text;
import static com.example.commerce.contract.EventJson.uuid;

/**
 * Reads the events of {@code catalog-events} and {@code order-events} (schemas in {@code shared/src/main/resources/
 * events}). Sales count when an order is paid and are taken back when a paid order is cancelled; creating an order
 * sells nothing yet. A view event counts {@code count} views (order-api aggregates them); one without it, one view.
 */
@Singleton
public class IndexerEventParser {

    private final JsonMapper json;

    public IndexerEventParser(JsonMapper json) {
        this.json = json;
    }

    /**
     * @return the event's meaning, or empty for event types that do not concern search
     * @throws MalformedEventException if the record can never be processed
     */
    public Optional<IndexerEvent> parse(@Nullable byte[] value) {
        JsonNode envelope = object(json, value);
        String type = text(envelope, "eventType");
        UUID eventId = uuid(envelope, "eventId");
        JsonNode payload = payload(envelope);
        return switch (type) {
            case "PRODUCT_CREATED", "PRODUCT_UPDATED", "PRODUCT_DELETED" ->
                    Optional.of(product(eventId, type, integer(payload, "productId", 1), 0, 0));
            case "PRODUCT_LIKED" -> Optional.of(product(eventId, type, integer(payload, "productId", 1), 1, 0));
            case "PRODUCT_UNLIKED" -> Optional.of(product(eventId, type, integer(payload, "productId", 1), -1, 0));
            case "PRODUCT_VIEWED" -> Optional.of(product(eventId, type, integer(payload, "productId", 1), 0,
                    optionalInteger(payload, "count", 1, 1)));
            case "ORDER_PAID" -> Optional.of(sales(eventId, type, payload, 1));
            case "ORDER_CANCELLED" -> "PAID".equals(optionalText(payload, "previousStatus"))
                    ? Optional.of(sales(eventId, type, payload, -1))
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static IndexerEvent product(UUID eventId, String type, long productId, long likes, long views) {
        List<MetricChange> changes = likes == 0 && views == 0
                ? List.of() : List.of(new MetricChange(productId, likes, views, 0, 0));
        return new IndexerEvent(eventId, type, Set.of(productId), changes);
    }

    private static IndexerEvent sales(UUID eventId, String type, JsonNode payload, int sign) {
        JsonNode items = payload.get("items");
        if (items == null || !items.isArray()) {
            throw new MalformedEventException("items is missing or not an array");
        }
        Set<Long> products = new LinkedHashSet<>();
        List<MetricChange> changes = new ArrayList<>();
        for (JsonNode item : items.values()) {
            if (!item.isObject()) {
                throw new MalformedEventException("an item is not an object");
            }
            long productId = integer(item, "productId", 1);
            products.add(productId);
            changes.add(new MetricChange(productId, 0, 0, sign * integer(item, "quantity", 1),
                    sign * integer(item, "lineTotal", 0)));
        }
        return new IndexerEvent(eventId, type, products, changes);
    }
}
