package com.example.commerce.fulfillment.inventory;

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
 * The local adapter of the inventory participant: consumes {@code order-events} in group
 * {@value InventoryProcessor#CONSUMER}, a polled batch at a time, written in one transaction, offsets
 * committed after the batch. When the service gives up on a record for now, {@link LocalBatchDelivery} seeks the
 * batch back and retries it after {@code commerce.consumer.retry-delay}, for ever: an event is never skipped because
 * the database was down. The same delivery as every other local consumer (why not micronaut-kafka's
 * {@code RETRY_ON_ERROR}: see {@link LocalBatchDelivery}).
 */
@KafkaListener(
        groupId = InventoryProcessor.CONSUMER,
        batch = true,
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.DISABLED,
        threadsValue = "${commerce.fulfillment.inventory.consumer-threads:1}")
@Requires(property = "kafka.enabled", notEquals = "false")
@Requires(property = "commerce.fulfillment.inventory.consumer.enabled", notEquals = "false") // off: this process runs other functions only
@Requires(notEnv = Environment.FUNCTION) // on Lambda the MSK trigger consumes, and InventoryHandler runs
public class InventoryEventListener implements IdempotentConsumer {

    private final InventoryProcessor inventory;
    private final Duration retryDelay;

    public InventoryEventListener(InventoryProcessor inventory,
                                  @Value("${commerce.consumer.retry-delay:1s}") Duration retryDelay) {
        this.inventory = inventory;
        this.retryDelay = retryDelay;
    }

    @Override
    public String consumerName() {
        return InventoryProcessor.CONSUMER;
    }

    @Topic(Topics.ORDER_EVENTS)
    public void receive(List<ConsumerRecord<byte[], byte[]>> records, Consumer<byte[], byte[]> kafkaConsumer) {
        LocalBatchDelivery.deliver(kafkaConsumer, records, consumerName(), inventory::process, retryDelay);
    }
}
