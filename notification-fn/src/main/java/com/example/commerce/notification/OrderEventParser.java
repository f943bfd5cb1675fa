package com.example.commerce.notification;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads an order event envelope (schema in {@code shared/src/main/resources/events}) and checks every field a
 * notification needs, so that a malformed record is recognised before any database work and never retried.
 */
@Singleton
public class OrderEventParser {

    private final JsonMapper json;

    public OrderEventParser(JsonMapper json) {
        this.json = json;
    }

    /** @return the event, or empty if its type is not one this consumer handles */
    public Optional<OrderEvent> parse(@Nullable byte[] value) {
        if (value == null || value.length == 0) {
            throw new MalformedEventException("empty record value");
        }
        JsonNode envelope;
        try {
            envelope = json.readValue(value, JsonNode.class);
        } catch (IOException | RuntimeException e) {
            throw new MalformedEventException("value is not JSON: " + e.getMessage(), e);
        }
        if (envelope == null || !envelope.isObject()) {
            throw new MalformedEventException("value is not a JSON object");
        }
        String eventType = string(envelope, "eventType");
        UUID eventId = uuid(envelope, "eventId");
        if (!OrderEvent.isHandled(eventType)) {
            return Optional.empty();
        }
        JsonNode payload = envelope.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new MalformedEventException("payload is missing or not an object");
        }
        JsonNode previous = payload.get("previousStatus");
        String previousStatus = previous == null || previous.isNull() ? null : string(payload, "previousStatus");
        return Optional.of(new OrderEvent(eventId, eventType, atLeast(payload, "orderId", 1),
                atLeast(payload, "userId", 1), atLeast(payload, "totalAmount", 0), previousStatus));
    }

    private static String string(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || !node.isString() || node.getStringValue().isBlank()) {
            throw new MalformedEventException(field + " is missing or not a non-empty string");
        }
        return node.getStringValue();
    }

    private static UUID uuid(JsonNode object, String field) {
        String text = string(object, field);
        try {
            UUID uuid = UUID.fromString(text);
            // fromString also takes short forms such as 1-1-1-1-1; only the canonical form is an event id.
            if (uuid.toString().equalsIgnoreCase(text)) {
                return uuid;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new MalformedEventException(field + " is not a UUID: " + text);
    }

    private static long atLeast(JsonNode object, String field, long minimum) {
        long value = integral(object, field);
        if (value < minimum) {
            throw new MalformedEventException(field + " must be at least " + minimum + ": " + value);
        }
        return value;
    }

    private static long integral(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || !node.isNumber()) {
            throw new MalformedEventException(field + " is missing or not a number");
        }
        Number number = node.getNumberValue();
        boolean integral = number instanceof Integer || number instanceof Long || number instanceof Short
                || number instanceof BigInteger big && big.bitLength() < 64
                || number instanceof BigDecimal decimal && isLong(decimal);
        if (!integral) {
            throw new MalformedEventException(field + " is not an integer: " + number);
        }
        return number.longValue();
    }

    private static boolean isLong(BigDecimal decimal) {
        try {
            decimal.longValueExact();
            return true;
        } catch (ArithmeticException e) {
            return false;
        }
    }
}
