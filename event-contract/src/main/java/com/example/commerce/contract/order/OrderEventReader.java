package com.example.commerce.contract.order;

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
import static com.example.commerce.contract.EventJson.optionalText;
import static com.example.commerce.contract.EventReader.optionalLong;
import static com.example.commerce.contract.EventReader.optionalString;

/** Reads the records of topic order-events (see {@link EventReader} for what it tolerates). */
public final class OrderEventReader {

    /** Upcasters of order events: none yet, every type is at version 1. */
    public static final List<Upcaster> UPCASTERS = List.of();

    private final EventReader<OrderEventType, OrderPayload> reader;

    public OrderEventReader(JsonMapper json) {
        this.reader = new EventReader<>(json, List.of(OrderEventType.values()), UPCASTERS,
                (type, payload) -> payload(payload));
    }

    /**
     * @return the event, or empty if its type is not an order event type
     * @throws MalformedEventException if the record can never be read
     */
    public Optional<ConsumedEvent<OrderEventType, OrderPayload>> read(@Nullable byte[] value) {
        return reader.read(value);
    }

    private static OrderPayload payload(JsonNode payload) {
        return new OrderPayload(integer(payload, "orderId", 1), integer(payload, "userId", 1),
                optionalText(payload, "status"), optionalText(payload, "previousStatus"),
                integer(payload, "totalAmount", 0), items(payload), optionalText(payload, "cancellationReason"));
    }

    @Nullable
    private static List<OrderPayload.Line> items(JsonNode payload) {
        JsonNode items = payload.get("items");
        if (items == null || items.isNull()) {
            return null;
        }
        if (!items.isArray()) {
            throw new MalformedEventException("items is not an array");
        }
        var lines = new ArrayList<OrderPayload.Line>();
        for (JsonNode item : items.values()) {
            if (!item.isObject()) {
                throw new MalformedEventException("an item is not an object");
            }
            lines.add(new OrderPayload.Line(integer(item, "productId", 1), optionalString(item, "productName"),
                    optionalLong(item, "unitPrice", 0), integer(item, "quantity", 1),
                    integer(item, "lineTotal", 0)));
        }
        return List.copyOf(lines);
    }
}
