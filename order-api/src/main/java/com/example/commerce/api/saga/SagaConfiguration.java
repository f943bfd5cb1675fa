package com.example.commerce.api.saga;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

import java.time.Duration;

/**
 * Settings of the saga's orchestrator and timer ({@code commerce.saga.*}).
 *
 * @param retryInitial the pause after a compensation step's first failure; doubled after each further one
 * @param retryMax     the longest pause between two attempts
 * @param maxAttempts  failed attempts of a step after which the saga is STUCK until an operator retries it
 * @param lease        how long a timer pass holds a claimed step: another instance takes it again only after this
 * @param batchSize    orders expired and steps retried per timer pass
 * @param dlqTimeout   how long to wait for a dead-letter topic's acknowledgement
 */
@ConfigurationProperties("commerce.saga")
public record SagaConfiguration(
        @Bindable(defaultValue = "2s") Duration retryInitial,
        @Bindable(defaultValue = "30s") Duration retryMax,
        @Bindable(defaultValue = "5") @Min(1) int maxAttempts,
        @Bindable(defaultValue = "60s") Duration lease,
        @Bindable(defaultValue = "50") @Min(1) int batchSize,
        @Bindable(defaultValue = "10s") Duration dlqTimeout) {
}
