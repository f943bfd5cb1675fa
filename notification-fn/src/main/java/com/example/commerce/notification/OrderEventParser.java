package com.example.commerce.notification;

import com.example.commerce.contract.MalformedEventException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.UUID;

import static com.example.commerce.contract.EventJson.integer;
import static com.example.commerce.contract.EventJson.object;
import static com.example.commerce.contract.EventJson.optionalText;
import static com.example.commerce.contract.EventJson.payload;
import static com.example.commerce.contract.EventJson.text;
import static com.example.commerce.contract.EventJson.uuid;

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

    /**
     * @return the event, or empty if its type is not one this consumer handles
     * @throws MalformedEventException if the record can never be processed
     */
    public Optional<OrderEvent> parse(@Nullable byte[] value) {
        JsonNode envelope = object(json, value);
        String eventType = text(envelope, "eventType");
        UUID eventId = uuid(envelope, "eventId");
        if (!OrderEvent.isHandled(eventType)) {
            return Optional.empty();
        }
        JsonNode payload = payload(envelope);
        return Optional.of(new OrderEvent(eventId, eventType, integer(payload, "orderId", 1),
                integer(payload, "userId", 1), integer(payload, "totalAmount", 0),
                optionalText(payload, "previousStatus")));
    }
}
