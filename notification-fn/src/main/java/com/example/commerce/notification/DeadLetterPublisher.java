package com.example.commerce.notification;

import com.example.commerce.consumer.DeadLetters;
import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.contract.Topics;
import io.micronaut.configuration.kafka.ProducerRegistry;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;

/**
 * Sends a record that can never be processed to the dead-letter topic of its topic, with the headers of the shared convention
 * ({@link DeadLetters}); waits for the broker's acknowledgement.
 */
@Singleton
public class DeadLetterPublisher {

    private static final Argument<byte[]> BYTES = Argument.of(byte[].class);

    public static final String ORIGINAL_TOPIC = DeadLetters.ORIGINAL_TOPIC;
    public static final String ORIGINAL_PARTITION = DeadLetters.ORIGINAL_PARTITION;
    public static final String ORIGINAL_OFFSET = DeadLetters.ORIGINAL_OFFSET;
    public static final String ERROR = DeadLetters.ERROR;
    public static final String CONSUMER = DeadLetters.CONSUMER;
    public static final String VALUE_DROPPED = DeadLetters.VALUE_DROPPED;

    private final DeadLetters deadLetters;
    private final NotificationConfiguration config;

    public DeadLetterPublisher(ProducerRegistry producers,
                               NotificationConfiguration config) {
        this.deadLetters = new DeadLetters(() -> producers.getProducer("notification-dlq", BYTES, BYTES),
                config.dlqTimeout());
        this.config = config;
    }

    /** To the dead-letter topic of the record's own topic. */
    public void publish(IncomingEvent event, String consumer, String error) {
        deadLetters.publish(event, topicFor(event.topic()), consumer, error);
    }

    private String topicFor(String source) {
        return switch (source) {
            case Topics.ORDER_EVENTS -> config.deadLetterTopic();
            case Topics.PAYMENT_EVENTS -> config.paymentDeadLetterTopic();
            default -> source + "-dlq";
        };
    }
}
