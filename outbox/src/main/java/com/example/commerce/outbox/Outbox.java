package com.example.commerce.outbox;

import com.example.commerce.contract.EventEnvelope;
import com.example.commerce.contract.EventType;
import com.example.commerce.platform.trace.TraceParent;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * Writes events to the transactional outbox. Only ever called inside the transaction of the change the event
 * describes, so the event exists if and only if the change was committed; outbox-relay-fn publishes it.
 */
@Singleton
public class Outbox {

    private final OutboxRepository repository;
    private final ObjectMapper objectMapper;
    private final Clock clock;

    public Outbox(OutboxRepository repository, ObjectMapper objectMapper) {
        this.repository = repository;
        this.objectMapper = objectMapper;
        this.clock = Clock.systemUTC();
    }

    /**
     * @param type             the event type: its topic, aggregate type and current schema version go with it
     * @param aggregateVersion the aggregate's version after the change, incremented in the same transaction:
     *                         consumers use it to order events and to ignore stale ones
     * @param payload          the type's payload record (com.example.commerce.contract)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <P> EventEnvelope<P> append(EventType type, String aggregateId, long aggregateVersion, P payload) {
        String topic = type.topic();
        String aggregateType = type.aggregateType();
        String eventType = type.name();
        // Microseconds: what PostgreSQL stores, so the published event and the row agree exactly.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        var envelope = new EventEnvelope<>(UUID.randomUUID(), eventType, aggregateType, aggregateId,
                aggregateVersion, now, type.schemaVersion(), payload);
        // Each event is a span of the trace that caused it (the HTTP request), or starts one.
        TraceParent trace = TraceParent.current().map(TraceParent::child).orElseGet(TraceParent::newTrace);
        Map<String, String> headers = Map.of(TraceParent.HEADER, trace.header());
        try {
            repository.insert(envelope.eventId(), topic, aggregateType, aggregateId, aggregateVersion, eventType,
                    objectMapper.writeValueAsString(envelope), objectMapper.writeValueAsString(headers), now);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serialize " + eventType + " event", e);
        }
        return envelope;
    }
}
