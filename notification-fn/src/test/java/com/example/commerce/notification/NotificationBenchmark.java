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
 * notification row's creation time. Before that, the same with {@code BENCH_WARMUP} events (default 100,000; 0 for
 * none), unrecorded.
 */
@Tag("benchmark")
class NotificationBenchmark {

    private static final int BACKLOG = Integer.parseInt(System.getenv().getOrDefault("BENCH_BACKLOG", "100000"));
    /**
     * Events drained first, unrecorded, by a consumer of their own: the measured drain then runs compiled code, as a
     * long-running consumer does, not the JIT compiler beside it.
     */
    private static final int WARMUP = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "100000"));

    @Test
    void drainABacklog() throws Exception {
        String bootstrapServers;
        Sql sql;
        // Resolve the servers and migrate the schema without starting the consumer.
        try (var setup = ApplicationContext.run(Map.of("kafka.enabled", "false"), "notification-fn", "test")) {
            sql = Sql.connect(setup);
            bootstrapServers = setup.getRequiredProperty("kafka.bootstrap.servers", String.class);
        }
        if (WARMUP > 0) {
            drain(sql, bootstrapServers, WARMUP, "warm-up (not counted), the JIT compiler at work:");
        }
        drain(sql, bootstrapServers, BACKLOG, "consumer");
    }

    /**
     * Produces {@code size} events while no consumer runs, then starts notification-fn (a new application context;
     * in this JVM the code compiled in a warm-up stays compiled) and waits until it has drained them.
     */
    private static void drain(Sql sql, String bootstrapServers, int size, String label) throws Exception {
        long firstUser = OrderEventFixture.newUserId();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "acks", "all", "linger.ms", "5"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < size; i++) {
                // 1,000 users with an equal share of the orders: user ids firstUser .. firstUser + 999. Order ids
                // start at 1, the contract's smallest (an order id 0 would be dead-lettered and the count never
                // reached).
                String value = OrderEventFixture.envelope(UUID.randomUUID(), "ORDER_CREATED", i + 1, firstUser + i % 1000,
                        15_000, null);
                producer.send(new ProducerRecord<>("order-events", String.valueOf(i).getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        System.out.println("BENCH produced " + size + " events to order-events");

        long started = System.nanoTime();
        try (var consumer = ApplicationContext.run(Map.of(), "notification-fn", "test")) {
            long created = Eventually.lastRead(Duration.ofMinutes(15), Duration.ofMillis(500),
                    () -> count(sql, firstUser, "count(*)"), count -> count >= size);
            double seconds = (count(sql, firstUser,
                    "(extract(epoch FROM max(created_at) - min(created_at)) * 1000000)::bigint")) / 1e6;
            System.out.printf("BENCH %s drained %d events in %.1f s (first to last notification), "
                    + "%.0f events/s; %.1f s from start-up to the last%n", label, created, seconds, created / seconds,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    private static long count(Sql sql, long firstUser, String aggregate) {
        return sql.count("SELECT " + aggregate + " FROM notifications WHERE user_id BETWEEN ? AND ?", firstUser,
                firstUser + 999);
    }
}
