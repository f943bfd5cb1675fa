package com.example.commerce.local;

import com.example.commerce.contract.Topics;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.Map;

/**
 * The local run's topics, created at start-up by micronaut-kafka when missing (on AWS they are provisioned with
 * the MSK cluster). Without them a consumer that starts before the first event subscribes to a topic that does not
 * exist yet, and only notices its creation at a later metadata refresh, seconds after the first event.
 */
@Factory
@Requires(property = "kafka.enabled", notEquals = "false")
class LocalTopics {

    private static final int PARTITIONS = 3;
    private static final short REPLICATION = 1;
    /**
     * The source topics of the read models a replay rebuilds (docs/operations.md#replaying-a-read-model): every
     * record stays, since counters need every event (compaction would keep only a key's last one).
     */
    private static final Map<String, String> KEPT_FOR_EVER = Map.of("retention.ms", "-1", "retention.bytes", "-1");

    /** Kept without a time limit: product metrics are rebuilt by replaying it from offset 0. */
    @Bean
    NewTopic orderEvents() {
        return new NewTopic(Topics.ORDER_EVENTS, PARTITIONS, REPLICATION).configs(KEPT_FOR_EVER);
    }

    /** Kept without a time limit: product metrics are rebuilt by replaying it from offset 0. */
    @Bean
    NewTopic catalogEvents() {
        return new NewTopic(Topics.CATALOG_EVENTS, PARTITIONS, REPLICATION).configs(KEPT_FOR_EVER);
    }

    @Bean
    NewTopic orderEventsDeadLetters() {
        return new NewTopic(Topics.ORDER_EVENTS_DLQ, PARTITIONS, REPLICATION);
    }

    @Bean
    NewTopic inventoryEvents() {
        return new NewTopic(Topics.INVENTORY_EVENTS, PARTITIONS, REPLICATION);
    }

    @Bean
    NewTopic inventoryEventsDeadLetters() {
        return new NewTopic(Topics.INVENTORY_EVENTS_DLQ, PARTITIONS, REPLICATION);
    }

    @Bean
    NewTopic paymentEvents() {
        return new NewTopic(Topics.PAYMENT_EVENTS, PARTITIONS, REPLICATION);
    }

    @Bean
    NewTopic paymentEventsDeadLetters() {
        return new NewTopic(Topics.PAYMENT_EVENTS_DLQ, PARTITIONS, REPLICATION);
    }

    @Bean
    NewTopic shippingEvents() {
        return new NewTopic(Topics.SHIPPING_EVENTS, PARTITIONS, REPLICATION);
    }

    @Bean
    NewTopic shippingEventsDeadLetters() {
        return new NewTopic(Topics.SHIPPING_EVENTS_DLQ, PARTITIONS, REPLICATION);
    }

    /** The collaboration space's channel events; kept without a time limit, so the log can rebuild a read model. */
    @Bean
    NewTopic messages() {
        return new NewTopic(Topics.MESSAGES, PARTITIONS, REPLICATION).configs(KEPT_FOR_EVER);
    }

    @Bean
    NewTopic messagesDeadLetters() {
        return new NewTopic(Topics.MESSAGES_DLQ, PARTITIONS, REPLICATION);
    }

    /** What users do, kept without a time limit like the messages, so the daily activity can be rebuilt. */
    @Bean
    NewTopic userActivity() {
        return new NewTopic(Topics.USER_ACTIVITY, PARTITIONS, REPLICATION).configs(Map.of("retention.ms", "-1"));
    }

    @Bean
    NewTopic userActivityDeadLetters() {
        return new NewTopic(Topics.USER_ACTIVITY_DLQ, PARTITIONS, REPLICATION);
    }

    @Bean
    NewTopic notificationsSent() {
        return new NewTopic(Topics.NOTIFICATIONS_SENT, PARTITIONS, REPLICATION);
    }
}
