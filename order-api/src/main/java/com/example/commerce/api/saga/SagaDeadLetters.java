package com.example.commerce.api.saga;

import com.example.commerce.consumer.DeadLetters;
import com.example.commerce.consumer.IncomingEvent;
import io.micronaut.configuration.kafka.ProducerRegistry;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;

/**
 * Sends a record the saga can never process to its topic's dead-letter topic ({@code <topic>-dlq}), with the
 * headers of the shared convention ({@link DeadLetters}); waits for the broker's acknowledgement.
 */
@Singleton
public class SagaDeadLetters {

    private static final Argument<byte[]> BYTES = Argument.of(byte[].class);

    private final DeadLetters deadLetters;

    public SagaDeadLetters(ProducerRegistry producers, SagaConfiguration config) {
        this.deadLetters = new DeadLetters(() -> producers.getProducer("order-saga-dlq", BYTES, BYTES),
                config.dlqTimeout());
    }

    public void publish(IncomingEvent event, String consumer, String error) {
        deadLetters.publish(event, event.topic() + "-dlq", consumer, error);
    }
}
