package com.example.commerce.indexer;

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
 * The local adapter: consumes {@code catalog-events}, {@code order-events} and {@code inventory-events} in group
 * {@value IndexerService#CONSUMER}, a polled batch at a time. Offsets are committed after the batch was written to
 * the database and the index; when the service gives up on a batch for now, {@link LocalBatchDelivery} seeks back
 * to it and retries it after {@code commerce.consumer.retry-delay}, for ever.
 */
@KafkaListener(
        groupId = IndexerService.CONSUMER,
        batch = true,
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.DISABLED)
@Requires(property = "kafka.enabled", notEquals = "false")
@Requires(property = "commerce.indexer.consumer.enabled", notEquals = "false") // off: this process runs other functions only
@Requires(notEnv = Environment.FUNCTION) // on Lambda the MSK trigger consumes, and IndexerHandler runs
public class IndexerListener implements IdempotentConsumer {

    private final IndexerService indexer;
    private final Duration retryDelay;

    public IndexerListener(IndexerService indexer,
                           @Value("${commerce.consumer.retry-delay:1s}") Duration retryDelay) {
        this.indexer = indexer;
        this.retryDelay = retryDelay;
    }

    @Override
    public String consumerName() {
        return IndexerService.CONSUMER;
    }

    @Topic({Topics.CATALOG_EVENTS, Topics.ORDER_EVENTS, Topics.INVENTORY_EVENTS})
    public void receive(List<ConsumerRecord<byte[], byte[]>> records, Consumer<byte[], byte[]> kafkaConsumer) {
        LocalBatchDelivery.deliver(kafkaConsumer, records, consumerName(), indexer::process, retryDelay);
    }
}
