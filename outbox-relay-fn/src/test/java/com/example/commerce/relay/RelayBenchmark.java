package com.example.commerce.relay;

import com.example.commerce.testsupport.load.Latencies;
import com.example.commerce.testsupport.load.OpenLoop;
import com.example.commerce.testsupport.load.PipelineFigures;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A benchmark, not part of the test suite (tagged {@code benchmark}): run by {@code bench/outbox-relay.sh}, which prints
 * the figures recorded in BENCHMARKS.md. Against the same embedded PostgreSQL and Kafka broker as the tests:
 * <ol>
 *   <li>relay throughput: after one relay drained a warm-up backlog of {@code BENCH_WARMUP} rows, unrecorded,
 *       1, 2 and 4 relays (threads with one worker each, as separate instances would run) drain a backlog of
 *       {@code BENCH_BACKLOG} rows;</li>
 *   <li>the ceiling: Kafka's {@code kafka-producer-perf-test} ({@code ProducerPerformance}, a separate JVM) sends
 *       records of the same size with the relay's producer settings, {@code acks=all};</li>
 *   <li>latency: events committed one per transaction at {@code BENCH_RATE}/s for {@code BENCH_SECONDS} s, with
 *       the relay running as in the local run (LISTEN/NOTIFY); commit → readable on Kafka, p50/p99/max.</li>
 * </ol>
 */
@MicronautTest(environments = "outbox-relay-fn", transactional = false)
@Tag("benchmark")
class RelayBenchmark {

    private static final int BACKLOG = intEnv("BENCH_BACKLOG", 100_000);
    /**
     * Rows one relay drains, unrecorded, before the measured drains: without it the JIT compiler took half of this
     * JVM's CPU while the first drains ran (async-profiler), and the figures measured compilation beside the relay.
     */
    private static final int WARMUP = intEnv("BENCH_WARMUP", 100_000);
    private static final int RATE = intEnv("BENCH_RATE", 200);
    private static final int SECONDS = intEnv("BENCH_SECONDS", 60);
    /** Bytes of an event as published; an ORDER_CREATED of two items is about 450. */
    private static final int EVENT_BYTES = 512;

    @Inject
    OutboxRelay relay;

    @Inject
    DataSource contextual;

    @Inject
    OutboxWakeUp wakeUp;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    @Test
    void relayThroughputCeilingAndLatency() throws Exception {
        DataSource dataSource = DelegatingDataSource.unwrapDataSource(contextual);
        relay.drain(); // anything earlier runs left behind
        String run = UUID.randomUUID().toString().substring(0, 8);

        if (WARMUP > 0) {
            insertBacklog(dataSource, createTopic("bench-relay-warmup-" + run), "BenchWarmup-" + run, WARMUP);
            long started = System.nanoTime();
            long published = drainWith(1);
            report("warm-up (not counted), 1 relay with the JIT compiler at work: %d events in %.1f s = %.0f events/s",
                    published, seconds(started), perSecond(published, started));
            // The warm-up's updated rows would otherwise call autovacuum into the measured drains.
            try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
                statement.execute("VACUUM (ANALYZE) outbox");
            }
        }
        int recordSize = 0;
        double best = 0;
        for (int instances : new int[] {1, 2, 4}) {
            String topic = createTopic("bench-relay-" + instances + "-" + run);
            recordSize = insertBacklog(dataSource, topic, "Bench" + instances + "-" + run, BACKLOG);
            long started = System.nanoTime();
            long published = drainWith(instances);
            double rate = perSecond(published, started);
            best = Math.max(best, rate);
            report("relay, %d instance(s): %d events in %.1f s = %.0f events/s (record size %d bytes)", instances,
                    published, seconds(started), rate, recordSize);
        }
        double ceiling = producerPerfTest("bench-ceiling-" + run, recordSize, true);
        double toolDefaults = producerPerfTest("bench-ceiling-defaults-" + run, recordSize, false);
        report("ceiling, kafka-producer-perf-test with the relay's producer settings: %.0f records/s", ceiling);
        report("kafka-producer-perf-test with its defaults and acks=all: %.0f records/s", toolDefaults);
        report("best relay / ceiling: %.0f%%, / tool defaults: %.0f%%", 100 * best / ceiling,
                100 * best / toolDefaults);

        latency(dataSource, createTopic("bench-latency-" + run), "BenchLatency-" + run);
    }

    /** Relays draining concurrently, as that many instances would: each its own transactions and batches. */
    private long drainWith(int instances) throws InterruptedException {
        var counts = new long[instances];
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < instances; i++) {
            int slot = i;
            Thread thread = new Thread(() -> counts[slot] = relay.drain(), "bench-relay-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return Arrays.stream(counts).sum();
    }

    /**
     * Inserts a backlog of {@code size} rows in one statement; returns the size in bytes of one event as it will be
     * published.
     */
    private int insertBacklog(DataSource dataSource, String topic, String aggregateType, int size)
            throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement("""
                INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type,
                                    event, headers, occurred_at)
                SELECT id, ?, ?, (n % 10000)::text, n / 10000 + 1, 'ORDER_CREATED',
                       jsonb_build_object('eventId', id, 'eventType', 'ORDER_CREATED', 'aggregateType', 'Order',
                                          'aggregateId', (n % 10000)::text, 'aggregateVersion', n / 10000 + 1,
                                          'occurredAt', now(), 'schemaVersion', 1,
                                          'payload', jsonb_build_object('padding', padding)),
                       jsonb_build_object('traceparent', '00-' || md5(id::text) || '-' || left(md5(n::text), 16)
                                          || '-01'),
                       now()
                FROM (SELECT gen_random_uuid() AS id, n,
                             left(repeat(md5(random()::text), 8), ?) AS padding
                      FROM generate_series(0, ? - 1) AS n) AS events""")) {
            statement.setString(1, topic);
            statement.setString(2, aggregateType);
            statement.setInt(3, EVENT_BYTES - 230); // the envelope around the padding
            statement.setInt(4, size);
            statement.executeUpdate();
        }
        try (var connection = dataSource.getConnection(); var query = connection.prepareStatement(
                "SELECT avg(octet_length(event::text))::int FROM outbox WHERE aggregate_type = ?")) {
            query.setString(1, aggregateType);
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /**
     * Runs Kafka's producer performance tool in a JVM of its own, into a topic of its own deleted afterwards; returns
     * its records/s. With a warm-up the tool sends ten backlogs and the rate is that of everything after its first
     * 5-second window (its JIT compiler at work) to the end, the flush included, as the relay's drains are measured
     * whole after a drain of their own; the whole run's rate is reported beside.
     */
    private double producerPerfTest(String name, int recordSize, boolean relaySettings) throws Exception {
        String classpath = System.getenv("KAFKA_TOOLS_CLASSPATH");
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalStateException("KAFKA_TOOLS_CLASSPATH is not set: run bench/outbox-relay.sh");
        }
        long records = WARMUP > 0 ? 10L * BACKLOG : BACKLOG;
        String topic = createTopic(name);
        var command = new ArrayList<>(List.of(javaLauncher(), "-cp", classpath,
                "org.apache.kafka.tools.ProducerPerformance", "--topic", topic,
                "--num-records", String.valueOf(records), "--record-size", String.valueOf(recordSize),
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrapServers, "acks=all"));
        if (relaySettings) {
            // As in application-outbox-relay-fn.properties.
            command.addAll(Arrays.asList("enable.idempotence=true", "max.in.flight.requests.per.connection=5",
                    "linger.ms=5", "compression.type=none"));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String summary = null;
        String firstWindow = null;
        try (var output = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line; (line = output.readLine()) != null; ) {
                if (line.startsWith(records + " records sent")) {
                    summary = line;
                } else if (firstWindow == null && line.matches("\\d+ records sent, .*")) {
                    firstWindow = line;
                }
            }
        }
        try (var admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS); // up to 0.5 GB of records
        }
        if (process.waitFor() != 0 || summary == null) {
            throw new IllegalStateException("kafka-producer-perf-test failed: " + command);
        }
        report("  %s", summary);
        double whole = recordsPerSecond(summary);
        if (WARMUP == 0) {
            return whole;
        }
        if (firstWindow == null) {
            report("  no 5-second window before the end: the whole run's rate, JIT compiler included");
            return whole;
        }
        long windowRecords = Long.parseLong(firstWindow.split(" ")[0]);
        double windowSeconds = windowRecords / recordsPerSecond(firstWindow);
        double afterFirstWindow = (records - windowRecords) / (records / whole - windowSeconds);
        report("  after its first window (%d records in %.1f s): %.0f records/s", windowRecords, windowSeconds,
                afterFirstWindow);
        return afterFirstWindow;
    }

    /** "100000 records sent, 61349.7 records/sec (30.04 MB/sec), ..." (the tool prints in the JVM's locale) */
    private static double recordsPerSecond(String line) {
        return Double.parseDouble(line.split(", ")[1].split(" ")[0].replace(',', '.'));
    }

    /**
     * Commits one event per transaction at RATE/s, open-loop, with the relay woken by LISTEN/NOTIFY as in the local
     * run, and measures from the instant each event was due to be committed to the moment a consumer in this JVM
     * reads it.
     */
    private void latency(DataSource dataSource, String topic, String aggregateType) throws Exception {
        var committedAt = new ConcurrentHashMap<String, Long>();
        var latencies = new Latencies("due -> read from Kafka");
        var consuming = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> consume(topic, committedAt, latencies, consuming));
        consumer.start();
        var scheduler = new RelayScheduler(relay, wakeUp, Duration.ofSeconds(1));
        scheduler.onStartup(null);
        Thread.sleep(2_000); // consumer assigned, relay listening

        var connection = dataSource.getConnection();
        var insert = connection.prepareStatement("""
                INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type,
                                    event, occurred_at)
                VALUES (?::uuid, ?, ?, ?, 1, 'ORDER_CREATED', jsonb_build_object('eventId', ?::text), now())""");
        int total = RATE * SECONDS;
        // Open-loop: each event is due at its instant and measured from it, so a slow insert delays the measure of
        // every event behind it instead of hiding them (the inserts are on one connection, as one after another).
        var figures = new PipelineFigures(bootstrapServers, dataSource::getConnection, group -> true);
        OpenLoop.run(RATE, total, Duration.ZERO, (sequence, due) -> {
            String eventId = UUID.randomUUID().toString();
            committedAt.put(eventId, due);
            try {
                insert.setString(1, eventId);
                insert.setString(2, topic);
                insert.setString(3, aggregateType);
                insert.setString(4, String.valueOf(sequence));
                insert.setString(5, eventId);
                insert.executeUpdate(); // autocommit: committed when this returns
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return CompletableFuture.completedFuture(null);
        }, figures::backlog, figures::lag);
        figures.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && latencies.count() < total) {
            Thread.sleep(200);
        }
        consuming.set(false);
        consumer.join();
        scheduler.stop();
        connection.close();

        report("due (insert and commit) -> Kafka at %d events/s open-loop for %d s: %d of %d events: %s", RATE,
                SECONDS, latencies.count(), total, latencies.summary());
    }

    private void consume(String topic, Map<String, Long> committedAt, Latencies latencies, AtomicBoolean running) {
        var properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
        properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
        properties.put("fetch.max.wait.ms", "5"); // measure the relay, not the consumer's batching
        try (var consumer = new KafkaConsumer<byte[], byte[]>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (running.get()) {
                for (var record : consumer.poll(Duration.ofMillis(50))) {
                    String eventId = new String(record.headers().lastHeader("eventId").value(),
                            StandardCharsets.UTF_8);
                    Long committed = committedAt.get(eventId);
                    if (committed != null) {
                        latencies.recordSince(committed);
                    }
                }
            }
        }
    }

    private String createTopic(String name) throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    private static double perSecond(long events, long startedNanos) {
        return events / seconds(startedNanos);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void report(String format, Object... args) {
        System.out.println("BENCH " + String.format(format, args));
    }

    private static int intEnv(String name, int defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value);
    }

    /** The java launcher of this JVM, so the tool runs on the same JDK. */
    private static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
