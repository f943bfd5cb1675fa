package com.example.commerce.relay;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.example.commerce.testsupport.LambdaContexts;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.testsupport.SystemProperties;
import com.example.commerce.platform.lambda.SnapStartPriming;
import com.example.commerce.testsupport.Eventually;
import com.zaxxer.hikari.HikariDataSource;
import io.micronaut.context.env.Environment;
import io.micronaut.crac.test.CheckpointSimulator;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scheduled Lambda entry point, started as the Lambda runtime starts it, publishes what is in the outbox and
 * returns before the invocation's time-out.
 */
class OutboxRelayHandlerTest {

    static SystemProperties properties;
    static OutboxRelayHandler handler;

    @BeforeAll
    static void start() {
        // As deployed: the tests' configuration switches the local scheduler off, Lambda must not need that.
        properties = SystemProperties.testEnvironment(Map.of("commerce.relay.scheduler.enabled", "true"));
        handler = new OutboxRelayHandler();
    }

    @AfterAll
    static void stop() {
        handler.close();
        properties.close();
    }

    @Test
    void onLambdaTheScheduleIsEventBridgesNotALocalScheduler() {
        assertTrue(handler.getApplicationContext().getBeanDefinitions(RelayScheduler.class).isEmpty());
    }

    @Test
    void aScheduledInvocationPublishesTheOutbox() throws Exception {
        Environment env = handler.getApplicationContext().getEnvironment();
        assertTrue(env.getActiveNames().contains(OutboxRelayHandler.ENVIRONMENT));
        String aggregateType = "Lambda-" + UUID.randomUUID().toString().substring(0, 8);
        var sql = Sql.connect(env);
        sql.execute("""
                INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type,
                                    event, occurred_at)
                SELECT gen_random_uuid(), 'relay-lambda-test', ?, '1', v, 'TEST_EVENT', '{}'::jsonb, now()
                FROM generate_series(1, 25) AS v""", aggregateType);

        // The test configuration keeps a 10 s safety margin: 11 s left means about a second of draining.
        handler.handleRequest(new ScheduledEvent(), LambdaContexts.withRemaining(11_000));

        assertEquals(25, sql.count("SELECT count(*) FROM outbox WHERE aggregate_type = ? AND published_at IS NOT NULL",
                aggregateType));
    }

    /**
     * SnapStart: before the snapshot the relay runs a real pass and asks for metadata, then closes its producer and
     * micronaut-crac empties the connection pool, so that the snapshot holds no producer id and no connection; after
     * the restore the next invocation opens what it needs.
     */
    @Test
    void beforeTheSnapshotTheRelayPrimesItselfAndLeavesNoProducerNorConnection() throws Exception {
        var context = handler.getApplicationContext();
        var sql = Sql.connect(context.getEnvironment());
        String aggregateType = insertRows(sql, 3);
        var producer = context.getBean(RelayProducer.class);
        var pool = (HikariDataSource) DelegatingDataSource.unwrapDataSource(context.getBean(DataSource.class));
        var checkpoint = context.getBean(CheckpointSimulator.class);

        checkpoint.runBeforeCheckpoint();
        try {
            var primed = context.getBean(SnapStartPriming.class).primed();
            assertEquals(List.of("relay pass and producer metadata, producer closed"),
                    primed.stream().map(SnapStartPriming.Primed::name).toList());
            assertNull(primed.get(0).failure(), primed::toString);
            assertEquals(3, published(sql, aggregateType), "the priming pass published what was due");
            assertFalse(producer.isOpen(), "no producer (and so no producer id) in the snapshot");
            Eventually.await("the producer's network thread ended", () -> Thread.getAllStackTraces().keySet()
                    .stream().noneMatch(thread -> thread.getName().endsWith("producer-network-thread | "
                            + RelayProducer.CLIENT)));
            Eventually.await("the pool closed its connections",
                    () -> pool.getHikariPoolMXBean().getTotalConnections() == 0);
        } finally {
            checkpoint.runAfterRestore(); // also when an assertion failed: the other tests need the pool
        }

        String afterRestore = insertRows(sql, 2);
        handler.handleRequest(new ScheduledEvent(), LambdaContexts.withRemaining(11_000));
        assertEquals(2, published(sql, afterRestore));
        assertTrue(producer.isOpen(), "a new producer after the restore");
    }

    private static String insertRows(Sql sql, int count) {
        String aggregateType = "Lambda-" + UUID.randomUUID().toString().substring(0, 8);
        sql.execute("""
                INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type,
                                    event, occurred_at)
                SELECT gen_random_uuid(), 'relay-lambda-test', ?, '1', v, 'TEST_EVENT', '{}'::jsonb, now()
                FROM generate_series(1, ?) AS v""", aggregateType, count);
        return aggregateType;
    }

    private static long published(Sql sql, String aggregateType) {
        return sql.count("SELECT count(*) FROM outbox WHERE aggregate_type = ? AND published_at IS NOT NULL",
                aggregateType);
    }
}
