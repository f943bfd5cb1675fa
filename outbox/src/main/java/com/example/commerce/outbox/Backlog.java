package com.example.commerce.outbox;

import io.micronaut.core.annotation.Introspected;

/** Unpublished rows waiting for the relay, parked rows, and how long the oldest waiting row has waited. */
@Introspected
public record Backlog(long unpublished, long parked, double oldestUnpublishedAgeSeconds) {
}
