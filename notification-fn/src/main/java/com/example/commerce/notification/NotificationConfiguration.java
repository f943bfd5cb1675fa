package com.example.commerce.notification;

import com.example.commerce.contract.Topics;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of notification-fn ({@code commerce.notification.*}).
 *
 * @param locale                 language of the messages: {@code en} or {@code ko}
 * @param deadLetterTopic        where order-events records that can never be processed go
 * @param paymentDeadLetterTopic where payment-events records that can never be processed go
 * @param dlqTimeout             how long to wait for the dead-letter topic's acknowledgement
 */
@ConfigurationProperties("commerce.notification")
public record NotificationConfiguration(
        @Bindable(defaultValue = "en") String locale,
        @Bindable(defaultValue = Topics.ORDER_EVENTS_DLQ) String deadLetterTopic,
        @Bindable(defaultValue = Topics.PAYMENT_EVENTS_DLQ) String paymentDeadLetterTopic,
        @Bindable(defaultValue = "10s") Duration dlqTimeout) {
}
