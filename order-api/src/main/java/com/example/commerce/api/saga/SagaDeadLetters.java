package com.example.commerce.api.saga;

import com.example.commerce.consumer.DeadLetters;
import com.example.commerce.consumer.IncomingEvent;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;

/**
 * Sends a record the saga can never process to its topic's dead-letter topic ({@code <topic>-dlq}), with the
 * headers of the shared convention ({@link DeadLetters}); waits for the broker's acknowledgement.
 */
@Singleton
public class SagaDeadLetters {

    private final DeadLetters deadLetters;

    public SagaDeadLetters(@KafkaClient("order-saga-dlq") Producer<byte[], byte[]> producer, SagaConfiguration config) {
        this.deadLetters = new DeadLetters(producer, config.dlqTimeout());
    }

    public void publish(IncomingEvent event, String consumer, String error) {
        deadLetters.publish(event, event.topic() + "-dlq", consumer, error);
    }
}
