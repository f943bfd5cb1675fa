package com.example.commerce.api.auth;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;

/**
 * Attempt limits ({@code commerce.auth.attempts}), counted in PostgreSQL so that every instance sees the same
 * count: {@code login} and {@code signup} attempts per client address per {@code window}, and
 * {@code login-failures-per-username} failed log-ins per username per {@code username-window}, against guessing
 * one account's password from many addresses: past it, the addresses that failed on the username are refused
 * ({@link AttemptLimiter#loginLockout}).
 */
@ConfigurationProperties("commerce.auth.attempts")
public record AttemptLimits(
        @Bindable(defaultValue = "30") int login,
        @Bindable(defaultValue = "10") int signup,
        @Bindable(defaultValue = "1m") Duration window,
        @Bindable(defaultValue = "10") int loginFailuresPerUsername,
        @Bindable(defaultValue = "15m") Duration usernameWindow) {
}
