package com.example.commerce.testsupport;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The outbox rows an aggregate left, read as the relay will publish them. */
public final class OutboxRows {

    private final Sql sql;
    private final Function<String, Map<String, Object>> parser;

    /** {@code parser} turns an event's JSON into a tree (e.g. {@link ApiClient#parse}). */
    public OutboxRows(Sql sql, Function<String, Map<String, Object>> parser) {
        this.sql = sql;
        this.parser = parser;
    }

    /** One row of the outbox, as the relay will publish it. */
    public record OutboxEvent(String topic, String eventType, long aggregateVersion, Map<String, Object> event,
                              String rawEvent, String traceparent) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> payload() {
            return (Map<String, Object>) event.get("payload");
        }
    }

    /** The aggregate's events in the order they were written. */
    public List<OutboxEvent> of(String aggregateType, long aggregateId) {
        return sql.list("SELECT topic, event_type, aggregate_version, event::text, headers->>'traceparent' "
                        + "FROM outbox WHERE aggregate_type = ? AND aggregate_id = ? ORDER BY id",
                row -> new OutboxEvent(row.getString(1), row.getString(2), row.getLong(3),
                        parser.apply(row.getString(4)), row.getString(4), row.getString(5)),
                aggregateType, String.valueOf(aggregateId));
    }

    public List<String> types(String aggregateType, long aggregateId) {
        return of(aggregateType, aggregateId).stream().map(OutboxEvent::eventType).toList();
    }
}
