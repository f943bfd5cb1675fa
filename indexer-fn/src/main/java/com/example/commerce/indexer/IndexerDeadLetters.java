package com.example.commerce.indexer;

import com.example.commerce.consumer.DeadLetters;
import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.contract.Topics;
import io.micronaut.configuration.kafka.ProducerRegistry;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;

/**
 * Sends a record the indexer can never apply to the dead-letter topic of its source topic, with the headers of the
 * shared convention ({@link DeadLetters}; {@code dlq.consumer} is {@value IndexerService#CONSUMER}). Order events
 * go to the topic notification-fn uses as well: one place per source topic to look, the consumer header telling
 * whose they are.
 */
@Singleton
class IndexerDeadLetters {

    private static final Argument<byte[]> BYTES = Argument.of(byte[].class);

    private final DeadLetters deadLetters;
    private final IndexerConfiguration config;

    IndexerDeadLetters(ProducerRegistry producers, IndexerConfiguration config) {
        this.deadLetters = new DeadLetters(() -> producers.getProducer("indexer-dlq", BYTES, BYTES),
                config.dlqTimeout());
        this.config = config;
    }

    void publish(IncomingEvent record, String error) {
        publish(record, IndexerService.CONSUMER, error);
    }

    /** For the indexer's other consumer ({@link MessageIndexer}), under its own name. */
    void publish(IncomingEvent record, String consumer, String error) {
        deadLetters.publish(record, topicFor(record.topic()), consumer, error);
    }

    private String topicFor(String source) {
        return switch (source) {
            case Topics.CATALOG_EVENTS -> config.catalogDeadLetterTopic();
            case Topics.ORDER_EVENTS -> config.orderDeadLetterTopic();
            case Topics.INVENTORY_EVENTS -> config.inventoryDeadLetterTopic();
            default -> source + "-dlq";
        };
    }
}
