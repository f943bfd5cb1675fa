package com.example.commerce.relay;

import com.example.commerce.testsupport.Eventually;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scheduled Lambda invocation after an outage: whatever the broker does, every pass ends by the drain's
 * deadline, so the invocation returns before its time-out and leaves what it could not send to the next one.
 */
@MicronautTest(environments = "outbox-relay-fn", transactional = false)
class RelayDeadlineTest extends RelayTestBase {

    @Override
    String aggregatePrefix() {
        return "Deadline";
    }

    @Test
    void aStalledBrokerIsWaitedForOnlyUntilTheDeadline() throws Exception {
        insertEvents(5);
        // Acknowledgements never come: each wait records how long the relay was prepared to wait, then expires.
        record Wait(long startedNanos, long timeoutNanos) {
        }
        var waits = new CopyOnWriteArrayList<Wait>();
        var stalled = relaySending(row -> new CompletableFuture<>() {
            @Override
            public RecordMetadata get(long timeout, TimeUnit unit) throws java.util.concurrent.TimeoutException {
                waits.add(new Wait(System.nanoTime(), unit.toNanos(timeout)));
                throw new java.util.concurrent.TimeoutException("stalled broker");
            }
        });
        long deadlineNanos = System.nanoTime() + Duration.ofSeconds(2).toNanos();

        stalled.drainUntil(Instant.now().plusSeconds(2), Duration.ofMillis(200));

        assertFalse(waits.isEmpty(), "the relay waited for acknowledgements");
        for (Wait wait : waits) {
            // send-timeout is 10 s: without the bound, a wait would reach far past the 2 s deadline.
            assertTrue(wait.startedNanos() + wait.timeoutNanos() <= deadlineNanos + Duration.ofMillis(100).toNanos(),
                    () -> "a wait of " + wait.timeoutNanos() / 1_000_000 + " ms reaches past the deadline");
        }
        assertEquals(5, count("SELECT count(*) FROM outbox WHERE aggregate_type = ? AND published_at IS NULL "
                + "AND parked_at IS NULL"), "nothing published, nothing parked: the next run sends them");
    }

    @Test
    void anUnreachableBrokerLeavesUnsentRowsUntouchedForTheNextRun() throws Exception {
        int aggregates = 30;
        insertEvents(aggregates);
        // As KafkaProducer.send() does without a reachable broker: it blocks for max.block.ms waiting for the
        // topic's metadata, then fails.
        var sends = new CopyOnWriteArrayList<Long>();
        var unreachable = relaySending(row -> {
            sends.add(System.nanoTime());
            Eventually.pause(Duration.ofMillis(300));
            return CompletableFuture.failedFuture(new TimeoutException("Topic not present in metadata after 300 ms."));
        });

        unreachable.drainUntil(Instant.now().plusSeconds(1), Duration.ofMillis(200));

        // Each blocked send would otherwise be followed by another for every row of the batch (30 × 300 ms).
        long attempted = count("SELECT count(*) FROM outbox WHERE aggregate_type = ? AND attempts > 0");
        assertTrue(attempted < aggregates, () -> attempted + " of " + aggregates + " rows attempted in one second");
        assertEquals(aggregates, count("SELECT count(*) FROM outbox WHERE aggregate_type = ? "
                + "AND published_at IS NULL AND parked_at IS NULL"), "nothing published, nothing parked");
        assertEquals(List.of(), claimedElsewhere(), "no row stays claimed");
    }

    /** A relay of the application's configuration whose producer's send() is {@code send}. */
    @SuppressWarnings("unchecked")
    private OutboxRelay relaySending(Function<Object, Future<RecordMetadata>> send) {
        Producer<String, byte[]> producer = (Producer<String, byte[]>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("send")) {
                        return send.apply(args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return relayWith(producer);
    }

    private void insertEvents(int aggregates) {
        sql.execute("""
                INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type,
                                    event, occurred_at)
                SELECT gen_random_uuid(), 'relay-deadline-test', ?, a::text, 1, 'TEST_EVENT', '{}'::jsonb, now()
                FROM generate_series(1, ?) AS a""", aggregateType, aggregates);
    }

    /** Rows of this test that another transaction still holds locked. */
    private List<Long> claimedElsewhere() {
        return sql.list("""
                SELECT id FROM outbox WHERE aggregate_type = ?
                EXCEPT
                SELECT id FROM (SELECT id FROM outbox WHERE aggregate_type = ? FOR UPDATE SKIP LOCKED) AS free""",
                row -> row.getLong(1), aggregateType, aggregateType);
    }

    private long count(String query) {
        return sql.count(query, aggregateType);
    }
}
