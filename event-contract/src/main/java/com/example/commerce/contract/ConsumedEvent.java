package com.example.commerce.contract;

import java.util.UUID;

/**
 * An event as a topic's reader returns it: its type and the envelope around its payload record, upcast to the
 * type's current schema version.
 *
 * @param <T> the topic's event types
 * @param <P> the topic's payload records
 */
public record ConsumedEvent<T extends EventType, P>(T type, EventEnvelope<P> envelope) {

    public UUID eventId() {
        return envelope.eventId();
    }

    public P payload() {
        return envelope.payload();
    }
}
