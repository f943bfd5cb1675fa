package com.example.commerce.api.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * How many sign-up and log-in attempts one client address may make per window ({@code commerce.auth.attempts}).
 * Counted per instance: behind several instances (or Lambda), API Gateway throttling is the global limit and this
 * one bounds what a single instance spends on BCrypt for one address.
 */
@ConfigurationProperties("commerce.auth.attempts")
public record AttemptLimits(
        @Bindable(defaultValue = "30") int login,
        @Bindable(defaultValue = "10") int signup,
        @Bindable(defaultValue = "1m") Duration window,
        @Bindable(defaultValue = "10000") int trackedAddresses) {
}
