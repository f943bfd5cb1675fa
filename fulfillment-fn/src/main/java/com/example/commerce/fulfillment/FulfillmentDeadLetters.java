package com.example.commerce.fulfillment;

import com.example.commerce.consumer.DeadLetters;
import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.contract.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaClient;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.Producer;

import java.util.Map;

/**
 * Sends a record that can never be processed to the dead-letter topic of the topic it came from, with the headers
 * of the shared convention ({@link DeadLetters}); waits for the broker's acknowledgement.
 */
@Singleton
public class FulfillmentDeadLetters {

    private static final Map<String, String> DEAD_LETTER_TOPICS = Map.of(
            Topics.ORDER_EVENTS, Topics.ORDER_EVENTS_DLQ,
            Topics.INVENTORY_EVENTS, Topics.INVENTORY_EVENTS_DLQ);

    private final DeadLetters deadLetters;

    public FulfillmentDeadLetters(@KafkaClient("fulfillment-dlq") Producer<byte[], byte[]> producer,
                                  FulfillmentConfiguration config) {
        this.deadLetters = new DeadLetters(producer, config.dlqTimeout());
    }

    public void publish(IncomingEvent event, String consumer, String error) {
        String topic = DEAD_LETTER_TOPICS.getOrDefault(event.topic(), event.topic() + "-dlq");
        deadLetters.publish(event, topic, consumer, error);
    }
}
