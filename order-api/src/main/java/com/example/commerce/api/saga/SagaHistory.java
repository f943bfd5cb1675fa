package com.example.commerce.api.saga;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

/** Writes the saga's history entries, in the transaction of the change they describe. */
@Singleton
public class SagaHistory {

    private static final int MAX_DETAIL = 1000;

    private final SagaStepRepository steps;

    public SagaHistory(SagaStepRepository steps) {
        this.steps = steps;
    }

    /** @return the entry as stored (its time is set here, to the microsecond, as the column keeps it) */
    @Transactional(Transactional.TxType.MANDATORY)
    public SagaStep record(long orderId, String step, String status, @Nullable String detail) {
        String bounded = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
        return steps.save(new SagaStep(null, orderId, step, status, bounded, null));
    }
}
