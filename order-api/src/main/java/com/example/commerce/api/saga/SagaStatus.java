package com.example.commerce.api.saga;

/**
 * RUNNING: going forward; COMPENSATING: cancelled, undoing in reverse; STUCK: a compensation step kept failing and
 * waits for an operator; COMPLETED: delivered; COMPENSATED: everything undone.
 */
public enum SagaStatus {
    RUNNING, COMPENSATING, STUCK, COMPLETED, COMPENSATED
}
