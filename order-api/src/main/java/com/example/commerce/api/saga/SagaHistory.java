package com.example.commerce.api.saga;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Writes the saga's history entries, in the transaction of the change they describe. */
@Singleton
public class SagaHistory {

    private static final int MAX_DETAIL = 1000;

    private final SagaStepRepository steps;
    private final SagaStateRepository sagas;

    public SagaHistory(SagaStepRepository steps, SagaStateRepository sagas) {
        this.steps = steps;
        this.sagas = sagas;
    }

    /** @return the entry as stored (its time is set here, to the microsecond, as the column keeps it) */
    @Transactional(Transactional.TxType.MANDATORY)
    public SagaStep record(long orderId, String step, String status, @Nullable String detail) {
        return steps.save(new SagaStep(null, orderId, step, status, bounded(detail), null));
    }

    /** Starts a new order's saga with its first entry (see {@link SagaStepRepository#startWith}). */
    @Transactional(Transactional.TxType.MANDATORY)
    public SagaStep start(long orderId, String step, String status) {
        return steps.startWith(orderId, step, status, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    /** Stores the saga's progress ({@link SagaStateRepository#store}) and records the entry for it, together. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(SagaState progress, String step, String status, @Nullable String detail) {
        sagas.storeProgressAndEntry(progress.orderId(), progress.status().name(), progress.stockStatus(),
                progress.shipmentStatus(), progress.shipmentReference(), progress.step(), progress.attempts(),
                progress.nextAttemptAt(), progress.lastError(), step, status, bounded(detail),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private static String bounded(@Nullable String detail) {
        return detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
    }
}
