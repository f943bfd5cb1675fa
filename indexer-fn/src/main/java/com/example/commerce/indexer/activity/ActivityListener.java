package com.example.commerce.indexer.activity;

import com.example.commerce.consumer.IncomingEvents;
import com.example.commerce.consumer.idempotency.IdempotentConsumer;
import com.example.commerce.contract.Topics;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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
        offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "${commerce.consumer.retry-delay:1s}",
                retryCount = Integer.MAX_VALUE))
@Requires(property = "kafka.enabled", notEquals = "false")
@Requires(property = "commerce.indexer.consumer.enabled", notEquals = "false")
@Requires(notEnv = Environment.FUNCTION) // on Lambda the MSK trigger consumes, and IndexerHandler runs
public class ActivityListener implements IdempotentConsumer {

    private final ActivityCounter counter;

    public ActivityListener(ActivityCounter counter) {
        this.counter = counter;
    }

    @Override
    public String consumerName() {
        return ActivityCounter.CONSUMER;
    }

    @Topic(Topics.USER_ACTIVITY)
    public void receive(List<ConsumerRecord<byte[], byte[]>> records) {
        counter.process(records.stream().map(IncomingEvents::of).toList());
    }
}
