package com.example.commerce.relay;

import io.micronaut.context.annotation.Property;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The running relay is woken by the outbox trigger's notification: with the safety-net poll set to ten minutes,
 * a committed event is still published within seconds.
 */
@MicronautTest(environments = "outbox-relay-fn", transactional = false)
@Property(name = "commerce.relay.scheduler.enabled", value = "true")
@Property(name = "commerce.relay.poll-interval", value = "10m")
class RelayWakeUpTest {

    @Inject
    DataSource dataSource;

    @Test
    void aCommittedEventWakesTheRelay() throws Exception {
        String aggregateType = "WakeUp-" + UUID.randomUUID().toString().substring(0, 8);
        var plain = DelegatingDataSource.unwrapDataSource(dataSource);
        Thread.sleep(2_000); // the relay's first pass (at start-up) is over; it now waits for a notification

        try (var connection = plain.getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate("""
                    INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type,
                                        event, occurred_at)
                    VALUES (gen_random_uuid(), 'relay-wake-up-test', '%s', '1', 1, 'TEST_EVENT', '{}'::jsonb, now())"""
                    .formatted(aggregateType));
            boolean published = false;
            for (int i = 0; i < 100 && !published; i++) {
                Thread.sleep(100);
                var rows = statement.executeQuery("SELECT published_at IS NOT NULL FROM outbox WHERE aggregate_type = '"
                        + aggregateType + "'");
                rows.next();
                published = rows.getBoolean(1);
            }
            assertTrue(published, "published long before the ten-minute poll would have come");
        }
    }
}
