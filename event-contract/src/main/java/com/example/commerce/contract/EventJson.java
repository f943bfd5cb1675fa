package com.example.commerce.contract;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.util.UUID;

/**
 * Strict reading of a consumed event's JSON for consumers that check what they need field by field: any shape that
 * could never be processed is a {@link MalformedEventException}, recognised before any database work.
 */
public final class EventJson {

    private EventJson() {
    }

    /** The record's value as a JSON object. */
    public static JsonNode object(JsonMapper json, @Nullable byte[] value) {
        if (value == null || value.length == 0) {
            throw new MalformedEventException("empty record value");
        }
        JsonNode node;
        try {
            node = json.readValue(value, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException("value is not JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new MalformedEventException("value is not a JSON object");
        }
        return node;
    }

    /** The envelope's payload object. */
    public static JsonNode payload(JsonNode envelope) {
        JsonNode payload = envelope.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new MalformedEventException("payload is missing or not an object");
        }
        return payload;
    }

    public static String text(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || !node.isString() || node.getStringValue().isBlank()) {
            throw new MalformedEventException(field + " is missing or not a non-empty string");
        }
        return node.getStringValue();
    }

    /** A string field that may be absent or null. */
    @Nullable
    public static String optionalText(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        return text(object, field);
    }

    /** A UUID in canonical form (UUID.fromString also takes short forms such as 1-1-1-1-1). */
    public static UUID uuid(JsonNode object, String field) {
        String text = text(object, field);
        try {
            UUID uuid = UUID.fromString(text);
            if (uuid.toString().equalsIgnoreCase(text)) {
                return uuid;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new MalformedEventException(field + " is not a UUID: " + text);
    }

    /** A 64-bit integer of at least {@code minimum}: 1.0, "1" or 2^64 are not. */
    public static long integer(JsonNode object, String field, long minimum) {
        JsonNode node = object.get(field);
        if (node == null || !node.isNumber()) {
            throw new MalformedEventException(field + " is missing or not a number");
        }
        Number number = node.getNumberValue();
        if (!(number instanceof Integer || number instanceof Long || number instanceof Short)) {
            throw new MalformedEventException(field + " is not a 64-bit integer: " + number);
        }
        if (number.longValue() < minimum) {
            throw new MalformedEventException(field + " must be at least " + minimum + ": " + number);
        }
        return number.longValue();
    }

    /** Like {@link #integer}, but an absent or null field is {@code absent}. */
    public static long optionalInteger(JsonNode object, String field, long minimum, long absent) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? absent : integer(object, field, minimum);
    }
}
