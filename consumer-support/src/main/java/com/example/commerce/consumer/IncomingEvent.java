package com.example.commerce.consumer;

import com.example.commerce.platform.trace.TraceParent;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A Kafka record as a consumer function's adapters receive it (a Kafka consumer locally, an MSK event on Lambda):
 * raw bytes, so that a record which is not even JSON still reaches the service (and a dead-letter topic).
 *
 * @param headers the record's headers; a repeated name keeps its last value
 */
public record IncomingEvent(String topic, int partition, long offset, @Nullable byte[] key, @Nullable byte[] value,
                            Map<String, byte[]> headers) {

    public String position() {
        return topic + "-" + partition + "@" + offset;
    }

    /**
     * The trace of the request that caused the event: the relay sends the outbox row's {@code traceparent} as a
     * header (the envelope has no trace field). Empty if the header is missing or invalid.
     */
    public Optional<TraceParent> trace() {
        byte[] header = headers.get(TraceParent.HEADER);
        return header == null ? Optional.empty() : TraceParent.parse(new String(header, StandardCharsets.UTF_8));
    }
}
