package com.example.commerce.relay;

import com.example.commerce.outbox.OutboxClaimRepository;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
class RelayDeadlineTest {

    @Inject
    OutboxRelay relay;

    @Inject
    OutboxClaimRepository claims;

    @Inject
    TransactionOperations<Connection> transactions;

    @Inject
    RelayConfiguration config;

    @Inject
    ObjectMapper objectMapper;

    @Inject
    DataSource contextual;

    DataSource dataSource;
    String aggregateType;

    @BeforeEach
    void isolate() {
        dataSource = DelegatingDataSource.unwrapDataSource(contextual);
        aggregateType = "Deadline-" + UUID.randomUUID().toString().substring(0, 8);
        relay.drain(); // whatever earlier tests of the build left in the shared outbox
    }

    @Test
    void aStalledBrokerIsWaitedForOnlyUntilTheDeadline() throws Exception {
        insertEvents(5);
        // Acknowledgements never come: each wait records how long the relay was prepared to wait, then expires.
        record Wait(long startedNanos, long timeoutNanos) {
        }
        var waits = new CopyOnWriteArrayList<Wait>();
        var stalled = relayWith(row -> new CompletableFuture<>() {
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
        var unreachable = relayWith(row -> {
            sends.add(System.nanoTime());
            sleep(300);
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
    private OutboxRelay relayWith(Function<Object, Future<RecordMetadata>> send) {
        Producer<String, byte[]> producer = (Producer<String, byte[]>) Proxy.newProxyInstance(
                Producer.class.getClassLoader(), new Class<?>[] {Producer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("send")) {
                        return send.apply(args[0]);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new OutboxRelay(claims, producer, transactions, config, objectMapper, new SimpleMeterRegistry());
    }

    private void insertEvents(int aggregates) throws SQLException {
        try (var connection = dataSource.getConnection(); var insert = connection.prepareStatement("""
                INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type,
                                    event, occurred_at)
                SELECT gen_random_uuid(), 'relay-deadline-test', ?, a::text, 1, 'TEST_EVENT', '{}'::jsonb, now()
                FROM generate_series(1, ?) AS a""")) {
            insert.setString(1, aggregateType);
            insert.setInt(2, aggregates);
            insert.executeUpdate();
        }
    }

    /** Rows of this test that another transaction still holds locked. */
    private List<Long> claimedElsewhere() throws SQLException {
        try (var connection = dataSource.getConnection(); var query = connection.prepareStatement("""
                SELECT id FROM outbox WHERE aggregate_type = ?
                EXCEPT
                SELECT id FROM (SELECT id FROM outbox WHERE aggregate_type = ? FOR UPDATE SKIP LOCKED) AS free""")) {
            query.setString(1, aggregateType);
            query.setString(2, aggregateType);
            try (var rows = query.executeQuery()) {
                var ids = new java.util.ArrayList<Long>();
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
                return ids;
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (var connection = dataSource.getConnection(); var query = connection.prepareStatement(sql)) {
            query.setString(1, aggregateType);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
