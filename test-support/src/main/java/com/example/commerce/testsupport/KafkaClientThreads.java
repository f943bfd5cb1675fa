package com.example.commerce.testsupport;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The live threads that Kafka clients start: a producer's network thread, a group consumer's heartbeat thread and
 * the background thread of the new consumer. What a SnapStart priming must not leave: a test compares them before
 * and after a simulated checkpoint (the test's own clients have theirs too).
 */
public final class KafkaClientThreads {

    private static final List<String> PREFIXES = List.of("kafka-producer-network-thread",
            "kafka-coordinator-heartbeat-thread", "consumer_background_thread");

    private KafkaClientThreads() {
    }

    /** The names of the live Kafka client threads, sorted. */
    public static Set<String> names() {
        var names = new TreeSet<String>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && PREFIXES.stream().anyMatch(thread.getName()::startsWith)) {
                names.add(thread.getName());
            }
        }
        return names;
    }
}
