package com.example.commerce.consumer;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;

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
}
