package com.example.commerce.consumer;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * A dead letter replayed to its original topic (the operations console's replay) is for the consumer that
 * dead-lettered it: every other consumer of the topic applied the event the first time, and may no longer hold its
 * processed-event mark (they are kept for {@code commerce.idempotency.retention}), so it would apply it twice (a
 * sale counted again). The replay names its consumer in {@value #FOR} and the others pass it by.
 */
public final class ReplayedDeadLetters {

    /** The header a replayed dead letter carries: the consumer it is replayed for. */
    public static final String FOR = "dlq.replay-for";

    private ReplayedDeadLetters() {
    }

    /** The records of {@code batch} for any of {@code consumers}: all but dead letters replayed for another one. */
    public static List<IncomingEvent> forAny(List<IncomingEvent> batch, Collection<String> consumers) {
        if (batch.stream().noneMatch(event -> event.headers().containsKey(FOR))) {
            return batch;
        }
        return batch.stream().filter(event -> {
            byte[] target = event.headers().get(FOR);
            return target == null || consumers.contains(new String(target, StandardCharsets.UTF_8));
        }).toList();
    }
}
