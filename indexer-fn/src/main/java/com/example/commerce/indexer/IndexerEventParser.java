package com.example.commerce.indexer;

import com.example.commerce.indexer.IndexerEvent.MetricChange;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the events of {@code catalog-events} and {@code order-events} (schemas in {@code shared/src/main/resources/
 * events}). Sales count when an order is paid and are taken back when a paid order is cancelled; creating an order
 * sells nothing yet.
 */
@Singleton
public class IndexerEventParser {

    private final JsonMapper json;

    public IndexerEventParser(JsonMapper json) {
        this.json = json;
    }

    /** @return the event's meaning, or empty for event types that do not concern search */
    public Optional<IndexerEvent> parse(@Nullable byte[] value) {
        if (value == null || value.length == 0) {
            throw new MalformedEventException("empty record value");
        }
        JsonNode envelope;
        try {
            envelope = json.readValue(value, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException("value is not JSON: " + e.getMessage());
        }
        if (envelope == null || !envelope.isObject()) {
            throw new MalformedEventException("value is not a JSON object");
        }
        String type = text(envelope, "eventType");
        UUID eventId = uuid(envelope);
        JsonNode payload = envelope.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new MalformedEventException("payload is missing or not an object");
        }
        return switch (type) {
            case "PRODUCT_CREATED", "PRODUCT_UPDATED", "PRODUCT_DELETED" ->
                    Optional.of(product(eventId, type, id(payload, "productId"), 0, 0));
            case "PRODUCT_LIKED" -> Optional.of(product(eventId, type, id(payload, "productId"), 1, 0));
            case "PRODUCT_UNLIKED" -> Optional.of(product(eventId, type, id(payload, "productId"), -1, 0));
            case "PRODUCT_VIEWED" -> Optional.of(product(eventId, type, id(payload, "productId"), 0, 1));
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
            long productId = id(item, "productId");
            products.add(productId);
            changes.add(new MetricChange(productId, 0, 0, sign * number(item, "quantity"),
                    sign * number(item, "lineTotal")));
        }
        return new IndexerEvent(eventId, type, products, changes);
    }

    private static String text(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || !node.isString() || node.getStringValue().isBlank()) {
            throw new MalformedEventException(field + " is missing or not a non-empty string");
        }
        return node.getStringValue();
    }

    @Nullable
    private static String optionalText(JsonNode object, String field) {
        JsonNode node = object.get(field);
        return node == null || !node.isString() ? null : node.getStringValue();
    }

    private static UUID uuid(JsonNode envelope) {
        String text = text(envelope, "eventId");
        try {
            UUID uuid = UUID.fromString(text);
            if (uuid.toString().equalsIgnoreCase(text)) {
                return uuid;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new MalformedEventException("eventId is not a UUID: " + text);
    }

    private static long id(JsonNode object, String field) {
        long id = number(object, field);
        if (id < 1) {
            throw new MalformedEventException(field + " must be at least 1: " + id);
        }
        return id;
    }

    private static long number(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || !node.isNumber()) {
            throw new MalformedEventException(field + " is missing or not a number");
        }
        Number number = node.getNumberValue();
        if (!(number instanceof Integer || number instanceof Long || number instanceof Short)) {
            throw new MalformedEventException(field + " is not a 64-bit integer: " + number);
        }
        return number.longValue();
    }
}
