package com.example.commerce.contract;

import java.util.Arrays;
import java.util.Optional;

/**
 * One event type of one topic: its name (the envelope's {@code eventType}), the aggregate it is about and the
 * schema version producers write now. Each topic's types are an enum ({@code OrderEventType},
 * {@code CatalogEventType}); the JSON Schema in {@code events/events.schema.json} describes each one.
 */
public interface EventType {

    /** The envelope's {@code eventType}. */
    String name();

    /** The topic and aggregate type this type shares with the other types of its topic. */
    EventFamily family();

    /** The Kafka topic events of this type are published to ({@link Topics}). */
    default String topic() {
        return family().topic();
    }

    /** The envelope's {@code aggregateType}; the aggregate id is the record key. */
    default String aggregateType() {
        return family().aggregateType();
    }

    /** The version of the payload shape producers write; readers upcast older events to it. */
    default int schemaVersion() {
        return 1;
    }

    /** The type of {@code types} named by an envelope's eventType, or empty if there is none. */
    static <T extends Enum<T> & EventType> Optional<T> named(Class<T> types, String eventType) {
        return Arrays.stream(types.getEnumConstants()).filter(type -> type.name().equals(eventType)).findFirst();
    }
}
