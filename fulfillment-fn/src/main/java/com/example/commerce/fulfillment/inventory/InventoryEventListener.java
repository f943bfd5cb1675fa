package com.example.commerce.fulfillment.inventory;

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

/**
 * The local adapter of the inventory participant: consumes {@code order-events} in group
 * {@value InventoryProcessor#CONSUMER}, offsets committed after each polled batch has been processed. When the
 * service gives up on a record for now, the error strategy seeks back to it and retries it, for ever: an event is
 * never skipped because the database was down.
 */
@KafkaListener(
        groupId = InventoryProcessor.CONSUMER,
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC,
        threadsValue = "${commerce.fulfillment.inventory.consumer-threads:3}",
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "${commerce.consumer.retry-delay:1s}",
                retryCount = Integer.MAX_VALUE))
@Requires(property = "kafka.enabled", notEquals = "false")
@Requires(property = "commerce.fulfillment.inventory.consumer.enabled", notEquals = "false") // off: this process runs other functions only
@Requires(notEnv = Environment.FUNCTION) // on Lambda the MSK trigger consumes, and InventoryHandler runs
public class InventoryEventListener implements IdempotentConsumer {

    private final InventoryProcessor inventory;

    public InventoryEventListener(InventoryProcessor inventory) {
        this.inventory = inventory;
    }

    @Override
    public String consumerName() {
        return InventoryProcessor.CONSUMER;
    }

    @Topic(Topics.ORDER_EVENTS)
    public void receive(ConsumerRecord<byte[], byte[]> record) {
        inventory.process(IncomingEvents.of(record));
    }
}
