package com.example.commerce.fulfillment;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Settings of fulfillment-fn ({@code commerce.fulfillment.*}).
 *
 * @param dlqTimeout how long to wait for a dead-letter topic's acknowledgement
 */
@ConfigurationProperties("commerce.fulfillment")
public record FulfillmentConfiguration(@Bindable(defaultValue = "10s") Duration dlqTimeout) {

    /** fulfillment-fn's shared configuration: application-fulfillment-fn.yml. */
    public static final String ENVIRONMENT = "fulfillment-fn";

    /**
     * Set by each Lambda handler's environment to the one participant it runs ({@code inventory} or
     * {@code shipping}), so that its context holds a single {@link com.example.commerce.consumer.EventBatchProcessor};
     * unset locally, where both run.
     */
    public static final String LAMBDA_PARTICIPANT = "commerce.fulfillment.lambda-participant";
}
