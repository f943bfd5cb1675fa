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

    /** fulfillment-fn's shared configuration: application-fulfillment-fn.properties. */
    public static final String ENVIRONMENT = "fulfillment-fn";
}
