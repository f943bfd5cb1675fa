package com.example.commerce.consumer;

import java.util.List;

/** A consumer function's service, as its Lambda adapter ({@link ConsumerHandler}) calls it. */
public interface EventBatchProcessor {

    /** The name the service's processed-event marks are written under. */
    String consumerName();

    /**
     * Processes the records of one delivery, in the order given. Throws if they could not all be processed now:
     * the delivery is then retried, never skipped.
     */
    void process(List<IncomingEvent> batch);
}
