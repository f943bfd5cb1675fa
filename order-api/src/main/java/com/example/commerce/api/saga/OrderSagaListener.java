package com.example.commerce.api.saga;

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
 * The local adapter: consumes {@code inventory-events} and {@code shipping-events} in group
 * {@value OrderSaga#CONSUMER}, a polled batch at a time, up to 50 events per transaction, offsets committed after
 * the batch. When the service gives up on a record for now, {@link LocalBatchDelivery} seeks every partition of the
 * batch back and retries it after {@code commerce.consumer.retry-delay}, for ever; the records before it come again
 * as duplicates. (Why not micronaut-kafka's {@code RETRY_ON_ERROR}: see {@link LocalBatchDelivery}.)
 */
@KafkaListener(
        groupId = OrderSaga.CONSUMER,
        batch = true,
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.DISABLED)
@Requires(property = "kafka.enabled", notEquals = "false")
@Requires(property = "commerce.saga.consumer.enabled", notEquals = "false") // off: this process runs no saga
@Requires(notEnv = Environment.FUNCTION) // on Lambda the MSK trigger consumes, and OrderSagaHandler runs
public class OrderSagaListener implements IdempotentConsumer {

    private final OrderSaga saga;
    private final Duration retryDelay;

    public OrderSagaListener(OrderSaga saga, @Value("${commerce.consumer.retry-delay:1s}") Duration retryDelay) {
        this.saga = saga;
        this.retryDelay = retryDelay;
    }

    @Override
    public String consumerName() {
        return OrderSaga.CONSUMER;
    }

    @Topic({Topics.INVENTORY_EVENTS, Topics.SHIPPING_EVENTS})
    public void receive(List<ConsumerRecord<byte[], byte[]>> records, Consumer<byte[], byte[]> kafkaConsumer) {
        LocalBatchDelivery.deliver(kafkaConsumer, records, consumerName(), saga::process, retryDelay);
    }
}
