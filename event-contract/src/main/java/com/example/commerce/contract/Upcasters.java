package com.example.commerce.contract;

import io.micronaut.json.tree.JsonNode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upcasters of a topic, one per event type and version step. Every type of the topic must have a complete
 * chain from version 1 to its current version, checked when the registry is built.
 */
public final class Upcasters {

    private final Map<String, Map<Integer, Upcaster>> byType = new HashMap<>();

    private Upcasters(List<? extends EventType> types, List<Upcaster> upcasters) {
        for (Upcaster upcaster : upcasters) {
            Upcaster previous = byType.computeIfAbsent(upcaster.type().name(), t -> new HashMap<>())
                    .put(upcaster.fromVersion(), upcaster);
            if (previous != null) {
                throw new IllegalArgumentException("two upcasters of " + upcaster.type().name() + " from version "
                        + upcaster.fromVersion());
            }
        }
        for (EventType type : types) {
            for (int version = 1; version < type.schemaVersion(); version++) {
                if (step(type, version) == null) {
                    throw new IllegalArgumentException("no upcaster of " + type.name() + " from version " + version
                            + " to " + (version + 1));
                }
            }
        }
    }

    /**
     * @param types every event type of the topic
     * @throws IllegalArgumentException if a type's chain of upcasters has a gap or a step twice
     */
    public static Upcasters of(List<? extends EventType> types, List<Upcaster> upcasters) {
        return new Upcasters(types, upcasters);
    }

    /**
     * The envelope with its payload upcast from {@code version} to the type's current version, and its
     * {@code schemaVersion} set accordingly. An envelope of the current or a newer version is returned as it is:
     * a newer version is read as the current one, its unknown fields ignored.
     */
    public JsonNode upcast(EventType type, int version, JsonNode envelope) {
        if (version >= type.schemaVersion()) {
            return envelope;
        }
        JsonNode payload = EventJson.payload(envelope);
        for (int v = version; v < type.schemaVersion(); v++) {
            payload = step(type, v).upcastPayload(payload);
        }
        var upcast = new LinkedHashMap<String, JsonNode>();
        envelope.entries().forEach(field -> upcast.put(field.getKey(), field.getValue()));
        upcast.put("schemaVersion", JsonNode.createNumberNode(type.schemaVersion()));
        upcast.put("payload", payload);
        return JsonNode.createObjectNode(upcast);
    }

    private Upcaster step(EventType type, int fromVersion) {
        return byType.getOrDefault(type.name(), Map.of()).get(fromVersion);
    }
}
