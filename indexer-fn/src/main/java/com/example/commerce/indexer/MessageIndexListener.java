package com.example.commerce.indexer;

import com.example.commerce.consumer.LocalBatchDelivery;
import com.example.commerce.contract.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;

/**
 * The local adapter of {@link MessageIndexer}: consumes {@code platform.messages} in group
 * {@value MessageIndexer#CONSUMER}, a polled batch at a time, committing offsets after the batch is in the index;
 * a failed batch is sought back to and retried after {@code commerce.consumer.retry-delay}, for ever.
 */
@KafkaListener(
        groupId = MessageIndexer.CONSUMER,
        batch = true,
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.DISABLED)
@Requires(property = "kafka.enabled", notEquals = "false")
@Requires(property = "commerce.indexer.consumer.enabled", notEquals = "false")
@Requires(notEnv = Environment.FUNCTION) // on Lambda the MSK trigger consumes, and IndexerHandler runs
public class MessageIndexListener {

    private final MessageIndexer indexer;
    private final Duration retryDelay;

    public MessageIndexListener(MessageIndexer indexer,
                                @Value("${commerce.consumer.retry-delay:1s}") Duration retryDelay) {
        this.indexer = indexer;
        this.retryDelay = retryDelay;
    }

    @Topic(Topics.MESSAGES)
    public void receive(List<ConsumerRecord<byte[], byte[]>> records, Consumer<byte[], byte[]> kafkaConsumer) {
        LocalBatchDelivery.deliver(kafkaConsumer, records, MessageIndexer.CONSUMER, indexer::process, retryDelay);
    }
}
