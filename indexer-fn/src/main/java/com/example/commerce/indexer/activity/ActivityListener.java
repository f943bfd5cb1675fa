package com.example.commerce.indexer.activity;

import com.example.commerce.consumer.LocalBatchDelivery;
import com.example.commerce.consumer.idempotency.IdempotentConsumer;
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
 * The local adapter of {@link ActivityCounter}: consumes {@code platform.users.activity} in group
 * {@value ActivityCounter#CONSUMER}, a polled batch at a time, committing offsets after the batch is counted; a
 * failed batch is sought back to and retried after {@code commerce.consumer.retry-delay}, for ever.
 */
@KafkaListener(
        groupId = ActivityCounter.CONSUMER,
        batch = true,
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.DISABLED)
@Requires(property = "kafka.enabled", notEquals = "false")
@Requires(property = "commerce.indexer.consumer.enabled", notEquals = "false")
@Requires(notEnv = Environment.FUNCTION) // on Lambda the MSK trigger consumes, and IndexerHandler runs
public class ActivityListener implements IdempotentConsumer {

    private final ActivityCounter counter;
    private final Duration retryDelay;

    public ActivityListener(ActivityCounter counter,
                            @Value("${commerce.consumer.retry-delay:1s}") Duration retryDelay) {
        this.counter = counter;
        this.retryDelay = retryDelay;
    }

    @Override
    public String consumerName() {
        return ActivityCounter.CONSUMER;
    }

    @Topic(Topics.USER_ACTIVITY)
    public void receive(List<ConsumerRecord<byte[], byte[]>> records, Consumer<byte[], byte[]> kafkaConsumer) {
        LocalBatchDelivery.deliver(kafkaConsumer, records, consumerName(), counter::process, retryDelay);
    }
}
