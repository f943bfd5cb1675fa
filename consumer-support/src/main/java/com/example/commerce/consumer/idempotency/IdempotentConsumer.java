package com.example.commerce.consumer.idempotency;

/**
 * A consumer that runs in this process and writes processed-event marks under {@link #consumerName()}: its marks
 * are cleaned up here on a schedule ({@link ProcessedEventsCleanupSchedule}).
 */
public interface IdempotentConsumer {

    String consumerName();
}
