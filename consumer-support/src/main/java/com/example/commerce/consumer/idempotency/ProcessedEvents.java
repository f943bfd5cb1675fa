package com.example.commerce.consumer.idempotency;

import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.util.UUID;

/**
 * Exactly-once effects on top of at-least-once delivery. A consumer calls {@link #markProcessed} in the same
 * database transaction as its effect and applies the effect only when it returns true: a redelivered event then
 * finds its mark and changes nothing, and a rolled-back effect leaves no mark behind.
 */
@Singleton
public class ProcessedEvents {

    private final ProcessedEventRepository repository;

    public ProcessedEvents(ProcessedEventRepository repository) {
        this.repository = repository;
    }

    /**
     * Records that {@code consumer} handles {@code eventId}. Must run inside the transaction of the effect; called
     * outside one it fails rather than silently losing the guarantee.
     *
     * @return true on the first delivery, false if the event was already processed by this consumer
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean markProcessed(String consumer, UUID eventId) {
        return repository.insertIfAbsent(consumer, eventId) == 1;
    }

    public boolean isProcessed(String consumer, UUID eventId) {
        return repository.exists(consumer, eventId);
    }
}
