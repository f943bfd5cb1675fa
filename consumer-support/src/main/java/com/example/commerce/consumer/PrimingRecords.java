package com.example.commerce.consumer;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import com.example.commerce.platform.trace.TraceParent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Synthetic records for a consumer function's SnapStart priming: built as an MSK event and decoded by
 * {@link IncomingEvents#of(KafkaEvent)}, as the handler decodes a real one, and naming ids that no real row has.
 */
public final class PrimingRecords {

    /**
     * Ids from here up are never drawn from a sequence (a BIGSERIAL would have to hand out 2^62 ids first): the
     * order, user or product of a synthetic event, whose rows therefore neither exist nor can be locked by anyone
     * else while the priming runs.
     */
    public static final long FIRST_ID = 1L << 62;
    private static final long ID_RANGE = 1L << 40;

    private PrimingRecords() {
    }

    /** One record of a synthetic event: its topic, key and JSON value. */
    public record Record(String topic, String key, String value) {
    }

    /** A random id at or above {@link #FIRST_ID}: two primings running at once do not share one. */
    public static long id() {
        return FIRST_ID + ThreadLocalRandom.current().nextLong(ID_RANGE);
    }

    /**
     * A record of one synthetic event in the platform's envelope, keyed by its aggregate as the relay keys it, with a
     * fresh event id.
     *
     * @param payload the payload's JSON object
     */
    public static Record event(String topic, String eventType, String aggregateType, long aggregateId,
                               int aggregateVersion, int schemaVersion, String payload) {
        return new Record(topic, String.valueOf(aggregateId), """
                {"eventId":"%s","eventType":"%s","aggregateType":"%s","aggregateId":"%d","aggregateVersion":%d,\
                "occurredAt":"2026-01-01T00:00:00Z","schemaVersion":%d,"payload":%s}"""
                .formatted(UUID.randomUUID(), eventType, aggregateType, aggregateId, aggregateVersion, schemaVersion,
                        payload));
    }

    /**
     * The records as the handler would receive them: one MSK event (base64 keys and values, a traceparent header
     * as an array of bytes), decoded by {@link IncomingEvents#of(KafkaEvent)}.
     */
    public static List<IncomingEvent> fromMsk(Record... records) {
        var byPartition = new LinkedHashMap<String, List<KafkaEvent.KafkaEventRecord>>();
        long offset = 0;
        for (Record record : records) {
            byPartition.computeIfAbsent(record.topic() + "-0", partition -> new ArrayList<>())
                    .add(new KafkaEvent.KafkaEventRecord(record.topic(), 0, offset++, System.currentTimeMillis(),
                            "CREATE_TIME", base64(record.key()), base64(record.value()),
                            List.of(Map.of(TraceParent.HEADER, ("00-" + UUID.randomUUID().toString().replace("-", "")
                                    + "-" + "0123456789abcdef" + "-00").getBytes(StandardCharsets.UTF_8)))));
        }
        return IncomingEvents.of(new KafkaEvent(byPartition, "aws:kafka", "snapstart-priming", "snapstart-priming"));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
