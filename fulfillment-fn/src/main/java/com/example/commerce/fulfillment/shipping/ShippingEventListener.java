package com.example.commerce.fulfillment.shipping;

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
 * The local adapter of the shipping participant: consumes {@code inventory-events} and {@code order-events} in
 * group {@value ShippingProcessor#CONSUMER}, offsets committed after each polled batch has been processed; a
 * record the service gives up on for now is sought back to and retried, for ever.
 */
@KafkaListener(
        groupId = ShippingProcessor.CONSUMER,
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC,
        threadsValue = "${commerce.fulfillment.shipping.consumer-threads:3}",
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR, retryDelay = "${commerce.consumer.retry-delay:1s}",
                retryCount = Integer.MAX_VALUE))
@Requires(property = "kafka.enabled", notEquals = "false")
@Requires(property = "commerce.fulfillment.shipping.consumer.enabled", notEquals = "false") // off: this process runs other functions only
@Requires(notEnv = Environment.FUNCTION) // on Lambda the MSK triggers consume, and ShippingHandler runs
public class ShippingEventListener implements IdempotentConsumer {

    private final ShippingProcessor shipping;

    public ShippingEventListener(ShippingProcessor shipping) {
        this.shipping = shipping;
    }

    @Override
    public String consumerName() {
        return ShippingProcessor.CONSUMER;
    }

    @Topic({Topics.INVENTORY_EVENTS, Topics.ORDER_EVENTS})
    public void receive(ConsumerRecord<byte[], byte[]> record) {
        shipping.process(IncomingEvents.of(record));
    }
}
