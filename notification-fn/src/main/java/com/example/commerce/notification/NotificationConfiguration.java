package com.example.commerce.notification;

import com.example.commerce.shared.event.Topics;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of notification-fn ({@code commerce.notification.*}).
 *
 * @param locale          language of the messages: {@code en} or {@code ko}
 * @param deadLetterTopic where records that can never be processed go
 * @param backoffBase     first pause after a failed attempt (database or broker unavailable); doubles, with jitter
 * @param backoffMax      longest pause between attempts
 * @param retryWindow     how long the local consumer retries one record in place before handing it back to the
 *                        consumer loop (which polls, keeping the group membership, and retries it again); kept
 *                        well below max.poll.interval.ms
 * @param dlqTimeout      how long to wait for the dead-letter topic's acknowledgement
 */
@ConfigurationProperties("commerce.notification")
public record NotificationConfiguration(
        @Bindable(defaultValue = "en") String locale,
        @Bindable(defaultValue = Topics.ORDER_EVENTS_DLQ) String deadLetterTopic,
        @Bindable(defaultValue = "100ms") Duration backoffBase,
        @Bindable(defaultValue = "10s") Duration backoffMax,
        @Bindable(defaultValue = "10s") Duration retryWindow,
        @Bindable(defaultValue = "10s") Duration dlqTimeout) {
}
