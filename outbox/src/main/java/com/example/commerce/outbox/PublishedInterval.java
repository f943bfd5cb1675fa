package com.example.commerce.outbox;

import io.micronaut.core.annotation.Introspected;

import java.time.Instant;

/** How many outbox rows were published in the interval starting at {@code intervalStart}. */
@Introspected
public record PublishedInterval(Instant intervalStart, long published) {
}
