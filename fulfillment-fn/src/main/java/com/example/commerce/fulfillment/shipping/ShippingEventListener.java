package com.example.commerce.fulfillment.shipping;

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
 * The local adapter of the shipping participant: consumes {@code inventory-events} and {@code order-events} in
 * group {@value ShippingProcessor#CONSUMER}, a polled batch at a time, written in one transaction, offsets
 * committed after the batch. When the service gives up on a record for now, {@link LocalBatchDelivery} seeks every
 * partition of the batch back and retries it, for ever; the records before it come again as duplicates. (Why not
 * micronaut-kafka's {@code RETRY_ON_ERROR}: see {@link LocalBatchDelivery}.)
 */
@KafkaListener(
        groupId = ShippingProcessor.CONSUMER,
        batch = true,
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.DISABLED,
        threadsValue = "${commerce.fulfillment.shipping.consumer-threads:1}")
@Requires(property = "kafka.enabled", notEquals = "false")
@Requires(property = "commerce.fulfillment.shipping.consumer.enabled", notEquals = "false") // off: this process runs other functions only
@Requires(notEnv = Environment.FUNCTION) // on Lambda the MSK triggers consume, and ShippingHandler runs
public class ShippingEventListener implements IdempotentConsumer {

    private final ShippingProcessor shipping;
    private final Duration retryDelay;

    public ShippingEventListener(ShippingProcessor shipping,
                                 @Value("${commerce.consumer.retry-delay:1s}") Duration retryDelay) {
        this.shipping = shipping;
        this.retryDelay = retryDelay;
    }

    @Override
    public String consumerName() {
        return ShippingProcessor.CONSUMER;
    }

    @Topic({Topics.INVENTORY_EVENTS, Topics.ORDER_EVENTS})
    public void receive(List<ConsumerRecord<byte[], byte[]>> records, Consumer<byte[], byte[]> kafkaConsumer) {
        LocalBatchDelivery.deliver(kafkaConsumer, records, consumerName(), shipping::process, retryDelay);
    }
}
