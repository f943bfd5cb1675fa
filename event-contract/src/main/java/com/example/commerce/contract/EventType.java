package com.example.commerce.contract;

/**
 * One event type of one topic: its name (the envelope's {@code eventType}), the aggregate it is about and the
 * schema version producers write now. Each topic's types are an enum ({@code OrderEventType},
 * {@code CatalogEventType}); the JSON Schema in {@code events/events.schema.json} describes each one.
 */
public interface EventType {

    /** The envelope's {@code eventType}. */
    String name();

    /** The Kafka topic events of this type are published to ({@link Topics}). */
    String topic();

    /** The envelope's {@code aggregateType}; the aggregate id is the record key. */
    String aggregateType();

    /** The version of the payload shape producers write; readers upcast older events to it. */
    int schemaVersion();
}
