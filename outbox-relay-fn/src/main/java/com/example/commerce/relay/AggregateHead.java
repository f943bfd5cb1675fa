package com.example.commerce.relay;

import io.micronaut.core.annotation.Introspected;

/** The oldest unpublished outbox row of an aggregate that lies outside a claimed batch. */
@Introspected
public record AggregateHead(String aggregateType, String aggregateId, long firstUnpublishedId) {

    String key() {
        return aggregateType + ":" + aggregateId;
    }
}
