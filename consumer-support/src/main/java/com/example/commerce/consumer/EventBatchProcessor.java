package com.example.commerce.consumer;

import java.util.List;
import java.util.Set;

/** A consumer function's service, as its Lambda adapter ({@link ConsumerHandler}) calls it. */
public interface EventBatchProcessor {

    /** The name the service's processed-event marks are written under. */
    String consumerName();

    /**
     * Every consumer this service is on Lambda, where one function may consume for several (its dead letters name
     * them): a dead letter replayed for one of them is delivered ({@link ReplayedDeadLetters}).
     */
    default Set<String> consumerNames() {
        return Set.of(consumerName());
    }

    /**
     * Processes the records of one delivery, in the order given. Throws if they could not all be processed now:
     * the delivery is then retried, never skipped.
     */
    void process(List<IncomingEvent> batch);
}
