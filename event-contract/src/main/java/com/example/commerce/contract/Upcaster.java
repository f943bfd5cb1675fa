package com.example.commerce.contract;

import io.micronaut.json.tree.JsonNode;

/**
 * Turns one event type's envelope of schema version {@link #fromVersion()} into the envelope of the next version,
 * on the JSON tree, before the reader parses it: consumers only ever parse the current shape.
 */
public interface Upcaster {

    EventType type();

    int fromVersion();

    /** The payload of version {@code fromVersion() + 1}, given the payload of {@code fromVersion()}. */
    JsonNode upcastPayload(JsonNode payload);
}
