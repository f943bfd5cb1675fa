package com.example.commerce.notification;

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
 * The local adapter: consumes {@code order-events}, {@code payment-events} and {@code platform.messages} in group
 * {@value NotificationProcessor#CONSUMER}, a polled batch at a time (at most
 * {@code commerce.notification.max-poll-records}), which the service writes in one transaction. Offsets are committed
 * synchronously after the batch has been processed, i.e. after its database commit. When the service gives up on a
 * batch for now, {@link LocalBatchDelivery} seeks back to it and retries it after {@code commerce.consumer.retry-delay},
 * for ever: an event is never skipped because the database was down.
 */
@KafkaListener(
        groupId = NotificationProcessor.CONSUMER,
        batch = true,
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.DISABLED,
        threadsValue = "${commerce.notification.consumer-threads:3}")
@Requires(property = "kafka.enabled", notEquals = "false")
@Requires(property = "commerce.notification.consumer.enabled", notEquals = "false") // off: this process runs other functions only
@Requires(notEnv = Environment.FUNCTION) // on Lambda the MSK trigger consumes, and NotificationHandler runs
public class NotificationListener implements IdempotentConsumer {

    private final NotificationProcessor notifications;
    private final Duration retryDelay;

    public NotificationListener(NotificationProcessor notifications,
                                @Value("${commerce.consumer.retry-delay:1s}") Duration retryDelay) {
        this.notifications = notifications;
        this.retryDelay = retryDelay;
    }

    @Override
    public String consumerName() {
        return NotificationProcessor.CONSUMER;
    }

    @Topic({Topics.ORDER_EVENTS, Topics.PAYMENT_EVENTS, Topics.MESSAGES})
    public void receive(List<ConsumerRecord<byte[], byte[]>> records, Consumer<byte[], byte[]> kafkaConsumer) {
        LocalBatchDelivery.deliver(kafkaConsumer, records, consumerName(), notifications::process, retryDelay);
    }
}
