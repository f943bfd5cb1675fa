package com.example.commerce.consumer;

import com.amazonaws.services.lambda.runtime.events.KafkaEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the consumer functions' two adapters receive, as {@link IncomingEvent}s: a Kafka consumer's records
 * locally, an MSK event on Lambda. Only the consumer functions call this; they bring kafka-clients and the Lambda
 * event types, which are optional dependencies of shared.
 */
public final class IncomingEvents {

    private IncomingEvents() {
    }

    public static IncomingEvent of(ConsumerRecord<byte[], byte[]> record) {
        var headers = new HashMap<String, byte[]>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value());
        }
        return new IncomingEvent(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                headers);
    }

    /**
     * The records of an MSK event, grouped by topic-partition as MSK delivers them, in offset order within each.
     * MSK sends keys and values base64-encoded, and header values as arrays of signed bytes.
     */
    public static List<IncomingEvent> of(KafkaEvent event) {
        var events = new ArrayList<IncomingEvent>();
        if (event.getRecords() == null) {
            return events;
        }
        event.getRecords().values().forEach(records -> records.forEach(record -> events.add(new IncomingEvent(
                record.getTopic(), record.getPartition(), record.getOffset(), decode(record.getKey()),
                decode(record.getValue()), headers(record.getHeaders())))));
        return events;
    }

    private static Map<String, byte[]> headers(List<Map<String, byte[]>> headers) {
        var merged = new HashMap<String, byte[]>();
        if (headers != null) {
            headers.forEach(merged::putAll);
        }
        return merged;
    }

    private static byte[] decode(String base64) {
        return base64 == null ? null : Base64.getDecoder().decode(base64);
    }
}
