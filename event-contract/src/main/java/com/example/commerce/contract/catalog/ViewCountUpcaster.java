package com.example.commerce.contract.catalog;

import com.example.commerce.contract.EventType;
import com.example.commerce.contract.Upcaster;
import io.micronaut.json.tree.JsonNode;

import java.util.LinkedHashMap;

/**
 * PRODUCT_VIEWED 1 to 2: version 1 let a single view leave {@code count} out; version 2 always writes it. A
 * version 1 event without count gets count 1; one with count keeps it.
 */
public final class ViewCountUpcaster implements Upcaster {

    @Override
    public EventType type() {
        return CatalogEventType.PRODUCT_VIEWED;
    }

    @Override
    public int fromVersion() {
        return 1;
    }

    @Override
    public JsonNode upcastPayload(JsonNode payload) {
        JsonNode count = payload.get("count");
        if (count != null && !count.isNull()) {
            return payload;
        }
        var upcast = new LinkedHashMap<String, JsonNode>();
        payload.entries().forEach(field -> upcast.put(field.getKey(), field.getValue()));
        upcast.put("count", JsonNode.createNumberNode(1));
        return JsonNode.createObjectNode(upcast);
    }
}
