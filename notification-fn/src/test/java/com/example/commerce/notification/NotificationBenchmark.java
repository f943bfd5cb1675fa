package com.example.commerce.notification;

import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Not part of the test suite (the name does not end in Test): run by {@code bench/notification.sh}. The consumer's
 * maximum throughput: {@code BENCH_BACKLOG} order events (default 100,000) are produced to order-events while no
 * consumer runs, then notification-fn starts and drains them; the rate is taken between the first and the last
 * notification row's creation time.
 */
class NotificationBenchmark {

    private static final int BACKLOG = Integer.parseInt(System.getenv().getOrDefault("BENCH_BACKLOG", "100000"));

    @Test
    void drainABacklog() throws Exception {
        long firstUser = OrderEvents.newUserId();
        String bootstrapServers;
        var dataSource = new PGSimpleDataSource();
        // Resolve the servers and migrate the schema without starting the consumer.
        try (var setup = ApplicationContext.run(Map.of("kafka.enabled", "false"), "notification-fn", "test")) {
            dataSource.setURL(setup.getRequiredProperty("datasources.default.url", String.class));
            dataSource.setUser(setup.getRequiredProperty("datasources.default.username", String.class));
            dataSource.setPassword(setup.getRequiredProperty("datasources.default.password", String.class));
            bootstrapServers = setup.getRequiredProperty("kafka.bootstrap.servers", String.class);
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "acks", "all", "linger.ms", "5"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < BACKLOG; i++) {
                // 1,000 users with 100 orders each: user ids firstUser .. firstUser + 999.
                String value = OrderEvents.envelope(UUID.randomUUID(), "ORDER_CREATED", i, firstUser + i % 1000,
                        15_000, null);
                producer.send(new ProducerRecord<>("order-events", String.valueOf(i).getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        System.out.println("BENCH produced " + BACKLOG + " events to order-events");

        long started = System.nanoTime();
        try (var consumer = ApplicationContext.run(Map.of(), "notification-fn", "test")) {
            long created = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (created < BACKLOG && System.nanoTime() < deadline) {
                Thread.sleep(500);
                created = count(dataSource, firstUser, "count(*)");
            }
            double seconds = (count(dataSource, firstUser,
                    "(extract(epoch FROM max(created_at) - min(created_at)) * 1000000)::bigint")) / 1e6;
            System.out.printf("BENCH consumer drained %d events in %.1f s (first to last notification), "
                    + "%.0f events/s; %.1f s from start-up to the last%n", created, seconds, created / seconds,
                    (System.nanoTime() - started) / 1e9);
        }
    }

    private static long count(PGSimpleDataSource dataSource, long firstUser, String aggregate) throws Exception {
        try (var connection = dataSource.getConnection(); var query = connection.prepareStatement(
                "SELECT " + aggregate + " FROM notifications WHERE user_id BETWEEN ? AND ?")) {
            query.setLong(1, firstUser);
            query.setLong(2, firstUser + 999);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
