package com.example.commerce.notification;

import com.example.commerce.testsupport.Eventually;
import com.example.commerce.testsupport.Sql;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * A benchmark, not part of the test suite (tagged {@code benchmark}): run by {@code bench/notification.sh}. The consumer's
 * maximum throughput: {@code BENCH_BACKLOG} order events (default 100,000) are produced to order-events while no
 * consumer runs, then notification-fn starts and drains them; the rate is taken between the first and the last
 * notification row's creation time.
 */
@Tag("benchmark")
class NotificationBenchmark {

    private static final int BACKLOG = Integer.parseInt(System.getenv().getOrDefault("BENCH_BACKLOG", "100000"));

    @Test
    void drainABacklog() throws Exception {
        long firstUser = OrderEventFixture.newUserId();
        String bootstrapServers;
        Sql sql;
        // Resolve the servers and migrate the schema without starting the consumer.
        try (var setup = ApplicationContext.run(Map.of("kafka.enabled", "false"), "notification-fn", "test")) {
            sql = Sql.connect(setup);
            bootstrapServers = setup.getRequiredProperty("kafka.bootstrap.servers", String.class);
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "acks", "all", "linger.ms", "5"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < BACKLOG; i++) {
                // 1,000 users with 100 orders each: user ids firstUser .. firstUser + 999. Order ids start at 1, the
                // contract's smallest (an order id 0 would be dead-lettered and the count never reached).
                String value = OrderEventFixture.envelope(UUID.randomUUID(), "ORDER_CREATED", i + 1, firstUser + i % 1000,
                        15_000, null);
                producer.send(new ProducerRecord<>("order-events", String.valueOf(i).getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        System.out.println("BENCH produced " + BACKLOG + " events to order-events");

        long started = System.nanoTime();
        try (var consumer = ApplicationContext.run(Map.of(), "notification-fn", "test")) {
            long created = Eventually.lastRead(Duration.ofMinutes(15), Duration.ofMillis(500),
                    () -> count(sql, firstUser, "count(*)"), count -> count >= BACKLOG);
            double seconds = (count(sql, firstUser,
                    "(extract(epoch FROM max(created_at) - min(created_at)) * 1000000)::bigint")) / 1e6;
            System.out.printf("BENCH consumer drained %d events in %.1f s (first to last notification), "
                    + "%.0f events/s; %.1f s from start-up to the last%n", created, seconds, created / seconds,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    private static long count(Sql sql, long firstUser, String aggregate) {
        return sql.count("SELECT " + aggregate + " FROM notifications WHERE user_id BETWEEN ? AND ?", firstUser,
                firstUser + 999);
    }
}
