package com.example.commerce.relay;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.example.commerce.testsupport.LambdaContexts;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.testsupport.SystemProperties;
import io.micronaut.context.env.Environment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
