package com.example.commerce.relay;

import com.example.commerce.testsupport.Eventually;
import com.example.commerce.testsupport.Sql;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        var sql = Sql.of(dataSource);
        Thread.sleep(2_000); // the relay's first pass (at start-up) is over; it now waits for a notification

        sql.execute("""
                INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type,
                                    event, occurred_at)
                VALUES (gen_random_uuid(), 'relay-wake-up-test', ?, '1', 1, 'TEST_EVENT', '{}'::jsonb, now())""",
                aggregateType);
        long published = Eventually.lastRead(Duration.ofSeconds(10), Duration.ofMillis(100),
                () -> sql.count("SELECT count(*) FROM outbox WHERE aggregate_type = ? AND published_at IS NOT NULL",
                        aggregateType), count -> count == 1);
        assertEquals(1, published, "published long before the ten-minute poll would have come");
    }
}
