package com.example.commerce.fulfillment;

import com.example.commerce.consumer.DeadLetters;
import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.contract.Topics;
import io.micronaut.configuration.kafka.ProducerRegistry;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * Sends a record that can never be processed to the dead-letter topic of the topic it came from, with the headers
 * of the shared convention ({@link DeadLetters}); waits for the broker's acknowledgement.
 */
@Singleton
public class FulfillmentDeadLetters {

    private static final Argument<byte[]> BYTES = Argument.of(byte[].class);

    private static final Map<String, String> DEAD_LETTER_TOPICS = Map.of(
            Topics.ORDER_EVENTS, Topics.ORDER_EVENTS_DLQ,
            Topics.INVENTORY_EVENTS, Topics.INVENTORY_EVENTS_DLQ);

    private final DeadLetters deadLetters;

    public FulfillmentDeadLetters(ProducerRegistry producers,
                                  FulfillmentConfiguration config) {
        this.deadLetters = new DeadLetters(() -> producers.getProducer("fulfillment-dlq", BYTES, BYTES),
                config.dlqTimeout());
    }

    public void publish(IncomingEvent event, String consumer, String error) {
        String topic = DEAD_LETTER_TOPICS.getOrDefault(event.topic(), event.topic() + "-dlq");
        deadLetters.publish(event, topic, consumer, error);
    }
}
