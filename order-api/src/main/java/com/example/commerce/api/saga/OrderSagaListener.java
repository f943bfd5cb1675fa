package com.example.commerce.api.saga;

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
 * The local adapter: consumes {@code inventory-events} and {@code shipping-events} in group
 * {@value OrderSaga#CONSUMER}. Offsets are committed after each polled batch was processed; a record the service
 * gives up on for now is sought back to and retried after {@code commerce.consumer.retry-delay}, for ever.
 */
@KafkaListener(
        groupId = OrderSaga.CONSUMER,
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.SYNC,
        errorStrategy = @ErrorStrategy(value = ErrorStrategyValue.RETRY_ON_ERROR,
                retryDelay = "${commerce.consumer.retry-delay:1s}", retryCount = Integer.MAX_VALUE))
@Requires(property = "kafka.enabled", notEquals = "false")
@Requires(property = "commerce.saga.consumer.enabled", notEquals = "false") // off: this process runs no saga
@Requires(notEnv = Environment.FUNCTION) // on Lambda the MSK trigger consumes, and OrderSagaHandler runs
public class OrderSagaListener implements IdempotentConsumer {

    private final OrderSaga saga;

    public OrderSagaListener(OrderSaga saga) {
        this.saga = saga;
    }

    @Override
    public String consumerName() {
        return OrderSaga.CONSUMER;
    }

    @Topic({Topics.INVENTORY_EVENTS, Topics.SHIPPING_EVENTS})
    public void receive(ConsumerRecord<byte[], byte[]> record) {
        saga.process(IncomingEvents.of(record));
    }
}
