package com.example.commerce.relay;

import com.example.commerce.infra.EmbeddedKafkaBroker;
import com.example.commerce.testsupport.Eventually;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.testsupport.TopicRecords;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static com.example.commerce.testsupport.TopicRecords.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The running relay (scheduler, LISTEN/NOTIFY and safety-net poll) against a broker of the test's own, which is
 * stopped while events keep being committed and drained, then restarted on the same port with its data: every
 * event arrives, in order per aggregate, and nothing is parked.
 */
@MicronautTest(environments = "outbox-relay-fn", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RelayBrokerOutageTest implements TestPropertyProvider {

    private static final int AGGREGATES = 20;

    private EmbeddedKafkaBroker broker;

    @Inject
    DataSource contextual;

    private final String topic = "relay-outage-" + UUID.randomUUID().toString().substring(0, 8);
    private final String aggregateType = "Outage-" + UUID.randomUUID().toString().substring(0, 8);

    @Override
    public Map<String, String> getProperties() {
        broker = EmbeddedKafkaBroker.start();
        return Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "commerce.relay.scheduler.enabled", "true",
                "commerce.relay.poll-interval", "200ms",
                "commerce.relay.send-timeout", "5s",
                "kafka.producers.outbox-relay.request.timeout.ms", "2000",
                "kafka.producers.outbox-relay.delivery.timeout.ms", "4000",
                "kafka.producers.outbox-relay.max.block.ms", "2000");
    }

    @AfterAll
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void eventsCommittedWhileTheBrokerIsDownArriveAfterItReturns() throws Exception {
        Sql sql = Sql.of(contextual);
        var writing = new AtomicBoolean(true);
        var versions = new AtomicInteger();
        var writerFailure = new ArrayList<Throwable>();
        // The API keeps committing: one event for each aggregate every 20 ms, before, during and after the outage.
        Thread writer = new Thread(() -> {
            try {
                while (writing.get()) {
                    insertVersion(sql, versions.incrementAndGet());
                    Thread.sleep(20);
                }
            } catch (Throwable e) {
                writerFailure.add(e);
            }
        });
        writer.start();

        awaitPublished(sql, 200);
        broker.stop();
        Thread.sleep(5_000); // past the producer's delivery timeout: sends fail and rows back off
        long publishedDuringOutage = published(sql);
        assertTrue(sql.count("SELECT count(*) FROM outbox WHERE aggregate_type = ? AND published_at IS NULL "
                + "AND next_attempt_at IS NOT NULL AND last_error IS NOT NULL", aggregateType) > 0,
                "sends failed during the outage, and their rows back off");
        Thread.sleep(1_000);
        assertEquals(publishedDuringOutage, published(sql), "nothing is published without a broker");
        broker.restart();
        Thread.sleep(1_000);
        writing.set(false);
        writer.join();
        assertTrue(writerFailure.isEmpty(), () -> "writes kept working: " + writerFailure);

        long expected = (long) versions.get() * AGGREGATES;
        awaitPublished(sql, expected);
        assertEquals(0, sql.count("SELECT count(*) FROM outbox WHERE aggregate_type = ? "
                + "AND parked_at IS NOT NULL", aggregateType), "an unreachable broker never parks a row");
        assertEquals(0, sql.count("SELECT count(*) FROM outbox WHERE aggregate_type = ? AND attempts > 0",
                aggregateType), "an outage counts no attempt against a row");

        List<ConsumerRecord<String, String>> records = consume(expected);
        Map<String, LinkedHashSet<Long>> firstSeen = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        for (ConsumerRecord<String, String> record : records) {
            eventIds.add(header(record, "eventId"));
            firstSeen.computeIfAbsent(record.key(), k -> new LinkedHashSet<>())
                    .add(Long.parseLong(header(record, "aggregateVersion")));
        }
        assertEquals(expected, eventIds.size(), "every event arrived");
        assertEquals(AGGREGATES, firstSeen.size());
        firstSeen.forEach((aggregate, seen) -> {
            var inOrder = new ArrayList<Long>();
            for (long v = 1; v <= versions.get(); v++) {
                inOrder.add(v);
            }
            // A send that timed out but reached the broker is sent again: a duplicate, never an overtake.
            assertEquals(inOrder, new ArrayList<>(seen), "first appearance of each version of " + aggregate);
        });
    }

    private void insertVersion(Sql sql, int version) {
        sql.execute("""
                INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type,
                                    event, occurred_at)
                SELECT gen_random_uuid(), ?, ?, a::text, ?, 'TEST_EVENT', jsonb_build_object('v', ?), now()
                FROM generate_series(1, ?) AS a""", topic, aggregateType, version, version, AGGREGATES);
    }

    private void awaitPublished(Sql sql, long atLeast) throws Exception {
        Eventually.await(atLeast + " rows published", Duration.ofSeconds(90), () -> published(sql) >= atLeast);
    }

    private long published(Sql sql) {
        return sql.count("SELECT count(*) FROM outbox WHERE aggregate_type = ? AND published_at IS NOT NULL",
                aggregateType);
    }

    private List<ConsumerRecord<String, String>> consume(long expected) {
        return TopicRecords.read(broker.bootstrapServers(), topic, expected);
    }

}
