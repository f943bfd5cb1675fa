package com.example.commerce.contract.inventory;

import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.EventReader;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.Upcaster;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.example.commerce.contract.EventJson.integer;
import static com.example.commerce.contract.EventReader.optionalLong;

/** Reads the records of topic inventory-events (see {@link EventReader} for what it tolerates). */
public final class InventoryEventReader {

    /** Upcasters of inventory events: none yet, every type is at version 1. */
    public static final List<Upcaster> UPCASTERS = List.of();

    private final EventReader<InventoryEventType, InventoryPayload> reader;

    public InventoryEventReader(JsonMapper json) {
        this.reader = new EventReader<>(json, List.of(InventoryEventType.values()), UPCASTERS,
                InventoryEventReader::payload);
    }

    /**
     * @return the event, or empty if its type is not an inventory event type
     * @throws MalformedEventException if the record can never be read
     */
    public Optional<ConsumedEvent<InventoryEventType, InventoryPayload>> read(@Nullable byte[] value) {
        return reader.read(value);
    }

    private static InventoryPayload payload(InventoryEventType type, JsonNode payload) {
        if (type == InventoryEventType.STOCK_LEVEL_CHANGED) {
            JsonNode tracked = payload.get("tracked");
            if (tracked == null || !tracked.isBoolean()) {
                throw new MalformedEventException("tracked is not a boolean");
            }
            return new StockLevelPayload(integer(payload, "productId", 1), tracked.getBooleanValue(),
                    optionalLong(payload, "onHand", 0), optionalLong(payload, "reserved", 0),
                    optionalLong(payload, "available", Long.MIN_VALUE));
        }
        var lines = new ArrayList<ReservationPayload.Line>();
        for (JsonNode line : array(payload, "lines", true)) {
            lines.add(new ReservationPayload.Line(integer(line, "productId", 1), integer(line, "quantity", 1)));
        }
        List<ReservationPayload.Shortage> shortages = null;
        if (payload.get("shortages") != null && !payload.get("shortages").isNull()) {
            shortages = new ArrayList<>();
            for (JsonNode shortage : array(payload, "shortages", false)) {
                shortages.add(new ReservationPayload.Shortage(integer(shortage, "productId", 1),
                        integer(shortage, "requested", 1), integer(shortage, "available", Long.MIN_VALUE)));
            }
        }
        return new ReservationPayload(integer(payload, "orderId", 1), List.copyOf(lines),
                shortages == null ? null : List.copyOf(shortages));
    }

    private static List<JsonNode> array(JsonNode payload, String field, boolean required) {
        JsonNode node = payload.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new MalformedEventException(field + " is missing");
            }
            return List.of();
        }
        if (!node.isArray()) {
            throw new MalformedEventException(field + " is not an array");
        }
        var elements = new ArrayList<JsonNode>();
        for (JsonNode element : node.values()) {
            if (!element.isObject()) {
                throw new MalformedEventException("an element of " + field + " is not an object");
            }
            elements.add(element);
        }
        return elements;
    }
}
