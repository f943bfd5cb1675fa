package com.example.commerce.contract;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import static com.example.commerce.contract.EventJson.integer;
import static com.example.commerce.contract.EventJson.object;
import static com.example.commerce.contract.EventJson.payload;
import static com.example.commerce.contract.EventJson.text;
import static com.example.commerce.contract.EventJson.uuid;

/**
 * The tolerant reading every topic's reader shares: a consumed record's JSON becomes the envelope around a typed
 * payload. Unknown fields are ignored; a field the reader needs that is missing or of the wrong shape is a
 * {@link MalformedEventException}, recognised before any database work. The event type and id are read first: an
 * event type the topic does not define is not an error, the reader returns empty and the consumer skips it. The
 * payload is upcast to the type's current schema version before it is parsed.
 *
 * @param <T> the topic's event types
 * @param <P> the topic's payload records
 */
public final class EventReader<T extends EventType, P> {

    /** Reads the payload (already upcast to the type's current version) of one event type. */
    @FunctionalInterface
    public interface PayloadReader<T, P> {
        P read(T type, JsonNode payload);
    }

    private final JsonMapper json;
    private final Function<String, Optional<T>> types;
    private final Upcasters upcasters;
    private final PayloadReader<T, P> payloads;

    public EventReader(JsonMapper json, List<T> types, List<Upcaster> upcasters, PayloadReader<T, P> payloads) {
        this.json = json;
        this.types = name -> types.stream().filter(type -> type.name().equals(name)).findFirst();
        this.upcasters = Upcasters.of(types, upcasters);
        this.payloads = payloads;
    }

    /**
     * @return the event, or empty if its type is not one of the topic's
     * @throws MalformedEventException if the record can never be read
     */
    public Optional<ConsumedEvent<T, P>> read(@Nullable byte[] value) {
        JsonNode envelope = object(json, value);
        String eventType = text(envelope, "eventType");
        UUID eventId = uuid(envelope, "eventId");
        Optional<T> known = types.apply(eventType);
        if (known.isEmpty()) {
            return Optional.empty();
        }
        T type = known.get();
        // The payload is read before the rest of the envelope: its fields are what consumers act on, and what a
        // dead letter's error should name first. Without schemaVersion, an event is of the first version.
        long written = EventJson.optionalInteger(envelope, "schemaVersion", 1, 1);
        int version = (int) Math.min(written, Integer.MAX_VALUE);
        JsonNode current = upcasters.upcast(type, version, envelope);
        P payload = payloads.read(type, payload(current));
        return Optional.of(new ConsumedEvent<>(type, new EventEnvelope<>(eventId, eventType,
                text(current, "aggregateType"), text(current, "aggregateId"),
                integer(current, "aggregateVersion", 1), instant(current, "occurredAt"),
                Math.max(version, type.schemaVersion()), payload)));
    }

    /** An ISO-8601 instant such as {@code 2026-11-21T10:00:00Z}. */
    public static Instant instant(JsonNode object, String field) {
        String text = text(object, field);
        try {
            return UtcInstants.parse(text);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(field + " is not an ISO-8601 instant: " + text);
        }
    }

    /** Like {@link #instant}, but an absent or null field is null. */
    @Nullable
    public static Instant optionalInstant(JsonNode object, String field) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : instant(object, field);
    }

    /** A 64-bit integer of at least {@code minimum}, or null if the field is absent or null. */
    @Nullable
    public static Long optionalLong(JsonNode object, String field, long minimum) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : integer(object, field, minimum);
    }

    /** A string, possibly empty, or null if the field is absent or null. */
    @Nullable
    public static String optionalString(JsonNode object, String field) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw new MalformedEventException(field + " is not a string");
        }
        return node.getStringValue();
    }
}
