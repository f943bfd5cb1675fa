package com.example.commerce.relay;

import com.example.commerce.testsupport.load.Latencies;
import com.example.commerce.testsupport.load.OpenLoop;
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
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A benchmark, not part of the test suite (tagged {@code benchmark}): run by {@code bench/relay-vs-debezium.sh}, which
 * prints the figures recorded in BENCHMARKS.md. The relay and Debezium's embedded engine (change data capture with
 * the outbox event router, in a JVM of its own: {@code bench/debezium}) publish the same outbox of the same
 * PostgreSQL ({@code wal_level=logical}) to the same broker, one after the other:
 * <ol>
 *   <li>drain: a backlog of {@code BENCH_BACKLOG} events is committed in one transaction; measured from the commit
 *       to the moment a consumer has read every one of them from Kafka;</li>
 *   <li>latency: one event per transaction at {@code BENCH_RATE}/s for {@code BENCH_SECONDS} s, open-loop; from the
 *       instant each event was due to be committed to a consumer reading it, p50/p99/max.</li>
 * </ol>
 * Debezium's engine runs only during its own measurements (a fresh replication slot each time), the relay only
 * during its own.
 */
@MicronautTest(environments = "outbox-relay-fn", transactional = false)
@Tag("benchmark")
class RelayVersusDebeziumBenchmark {

    private static final int BACKLOG = intEnv("BENCH_BACKLOG", 100_000);
    private static final int RATE = intEnv("BENCH_RATE", 200);
    private static final int SECONDS = intEnv("BENCH_SECONDS", 60);
    /** Bytes of an event as published; as in RelayBenchmark. */
    private static final int EVENT_BYTES = 512;
    private static final int AGGREGATES = 10_000;
    /** Relays draining at once (threads with one worker each, as separate instances). */
    private static final List<Integer> RELAYS = intsEnv("BENCH_RELAYS", "1 2");
    /** Debezium's batching: its defaults except the poll interval, which is its latency lever (default 500 ms). */
    private static final String DEBEZIUM_SETTINGS = stringEnv("BENCH_DEBEZIUM_SETTINGS",
            "max.batch.size=2048 max.queue.size=8192 poll.interval.ms=10");
    /** Latency is measured again, each time with a fresh engine, for every other poll interval listed. */
    private static final List<Integer> DEBEZIUM_OTHER_POLL_INTERVALS = intsEnv("BENCH_DEBEZIUM_OTHER_POLL_INTERVALS",
            "500");

    @Inject
    OutboxRelay relay;

    @Inject
    DataSource contextual;

    @Inject
    OutboxWakeUp wakeUp;

    @Inject
    Environment environment;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    @Value("${datasources.default.url}")
    String jdbcUrl;

    @Value("${datasources.default.username}")
    String jdbcUser;

    @Value("${datasources.default.password}")
    String jdbcPassword;

    @Test
    void relayAndDebeziumSideBySide() throws Exception {
        DataSource dataSource = DelegatingDataSource.unwrapDataSource(contextual);
        requireLogicalWal(dataSource);
        relay.drain(); // anything earlier runs left behind
        String run = UUID.randomUUID().toString().substring(0, 8);
        report("Debezium settings: %s; producer (both): %s", DEBEZIUM_SETTINGS, relayProducerSettings());

        for (int relays : RELAYS) {
            String topic = createTopic("bench-cdc-relay-" + relays + "-" + run);
            drain("relay, " + relays + " instance(s)", dataSource, topic, "RelayDrain" + relays + "-" + run,
                    () -> drainWith(relays));
        }
        latency("relay (LISTEN/NOTIFY)", dataSource, createTopic("bench-cdc-relay-latency-" + run),
                "RelayLatency-" + run, () -> {
                    var scheduler = new RelayScheduler(relay, wakeUp, Duration.ofSeconds(1));
                    scheduler.onStartup(null);
                    return () -> {
                        try {
                            scheduler.stop();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    };
                });

        // One engine for the drain and then the latency, so that its JVM is as warm as the relay's.
        String drainTopic = createTopic("bench-cdc-debezium-" + run);
        var debeziumEngine = DebeziumProcess.start(this, DEBEZIUM_SETTINGS, dataSource, run);
        try {
            drain("Debezium", dataSource, drainTopic, "DebeziumDrain-" + run, () -> {
            });
        } catch (Exception e) {
            debeziumEngine.close();
            throw e;
        }
        latency("Debezium, " + DEBEZIUM_SETTINGS, dataSource, createTopic("bench-cdc-debezium-latency-" + run),
                "DebeziumLatency-" + run, () -> debeziumEngine::close);
        for (int pollInterval : DEBEZIUM_OTHER_POLL_INTERVALS) {
            String settings = DEBEZIUM_SETTINGS.replaceAll("poll\\.interval\\.ms=\\d+", "")
                    + " poll.interval.ms=" + pollInterval;
            String topic = createTopic("bench-cdc-debezium-latency-" + pollInterval + "-" + run);
            var debezium = DebeziumProcess.start(this, settings, dataSource, run);
            latency("Debezium, a fresh engine, poll.interval.ms=" + pollInterval, dataSource, topic,
                    "DebeziumLatency" + pollInterval + "-" + run, () -> debezium::close);
        }
    }

    /**
     * Commits the backlog in one transaction, then starts {@code publisher} (the relay; Debezium is already
     * streaming) and counts the records a consumer reads until it has them all.
     */
    private void drain(String name, DataSource dataSource, String topic, String aggregateType, Runnable publisher)
            throws Exception {
        var counter = new RecordCounter(topic);
        counter.awaitAssigned();
        long insertStarted = System.nanoTime();
        int recordSize = insertBacklog(dataSource, topic, aggregateType);
        double insertSeconds = seconds(insertStarted);
        long committed = System.nanoTime();
        publisher.run();
        boolean complete = counter.awaitCount(BACKLOG, Duration.ofMinutes(10));
        double elapsed = (counter.lastReadNanos() - committed) / 1e9;
        counter.close();
        report("drain, %s: %d of %d events readable %.1f s after the commit = %.0f events/s (record size %d "
                        + "bytes; the insert took %.1f s)%s", name, counter.count(), BACKLOG, elapsed,
                counter.count() / elapsed, recordSize, insertSeconds, complete ? "" : " INCOMPLETE");
    }

    private void drainWith(int instances) {
        var threads = new ArrayList<Thread>();
        for (int i = 0; i < instances; i++) {
            Thread thread = new Thread(relay::drain, "bench-relay-" + i);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** The backlog of RelayBenchmark: AGGREGATES aggregates, BACKLOG / AGGREGATES versions each, one statement. */
    private int insertBacklog(DataSource dataSource, String topic, String aggregateType) throws SQLException {
        try (var connection = writer(); var statement = connection.prepareStatement("""
                INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type,
                                    event, headers, occurred_at)
                SELECT id, ?, ?, (n % ?)::text, n / ? + 1, 'ORDER_CREATED',
                       jsonb_build_object('eventId', id, 'eventType', 'ORDER_CREATED', 'aggregateType', 'Order',
                                          'aggregateId', (n % ?)::text, 'aggregateVersion', n / ? + 1,
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
            statement.setInt(3, AGGREGATES);
            statement.setInt(4, AGGREGATES);
            statement.setInt(5, AGGREGATES);
            statement.setInt(6, AGGREGATES);
            statement.setInt(7, EVENT_BYTES - 230); // the envelope around the padding
            statement.setInt(8, BACKLOG);
            statement.executeUpdate(); // autocommit: committed when this returns
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
     * A connection of its own (not from the relay's pool) for the events' writer, committing with
     * {@code synchronous_commit=on}, PostgreSQL's default. The embedded server turns it off (for the tests' speed),
     * and then a commit's WAL waits for the WAL writer ({@code wal_writer_delay}, 200 ms) before a walsender may
     * send it: that would measure the test server's setting, not Debezium.
     */
    private Connection writer() throws SQLException {
        Connection connection = DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
        try (var statement = connection.createStatement()) {
            statement.execute("SET synchronous_commit = on");
        }
        return connection;
    }

    /** What starts a publisher and returns how to stop it. */
    private interface Publisher {
        Runnable start() throws Exception;
    }

    /**
     * Commits one event per transaction at RATE/s, open-loop, and measures from the instant each event was due to
     * the moment a consumer in this JVM reads it (by its eventId header, which both publishers set).
     */
    private void latency(String name, DataSource dataSource, String topic, String aggregateType, Publisher publisher)
            throws Exception {
        var dueAt = new ConcurrentHashMap<String, Long>();
        var latencies = new Latencies("due -> read from Kafka");
        var consuming = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> readEventIds(topic, consuming, eventId -> {
            Long due = dueAt.get(eventId);
            if (due != null) {
                latencies.recordSince(due);
            }
        }));
        consumer.start();
        Runnable stop = publisher.start();
        Thread.sleep(2_000); // consumer assigned, publisher listening

        int total = RATE * SECONDS;
        try (var connection = writer(); var insert = connection.prepareStatement("""
                INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type,
                                    event, occurred_at)
                VALUES (?::uuid, ?, ?, ?, 1, 'ORDER_CREATED', jsonb_build_object('eventId', ?::text), now())""")) {
            OpenLoop.run(RATE, total, Duration.ZERO, (sequence, due) -> {
                String eventId = UUID.randomUUID().toString();
                dueAt.put(eventId, due);
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
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && latencies.count() < total) {
                Thread.sleep(200);
            }
        } finally {
            consuming.set(false);
            consumer.join();
            stop.run();
        }
        report("latency, %s: due (insert and commit) -> Kafka at %d events/s open-loop for %d s: %d of %d events: %s",
                name, RATE, SECONDS, latencies.count(), total, latencies.summary());
    }

    /** Reads the topic from its end, handing each record's eventId header to {@code eventIds}, while running. */
    private void readEventIds(String topic, AtomicBoolean running, Consumer<String> eventIds) {
        try (var consumer = consumer()) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            while (running.get()) {
                for (var record : consumer.poll(Duration.ofMillis(50))) {
                    var header = record.headers().lastHeader("eventId");
                    if (header != null) {
                        eventIds.accept(new String(header.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    /** Counts a new topic's records from its beginning, noting when the last was read. */
    private final class RecordCounter implements AutoCloseable {
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong lastReadNanos = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final CountDownLatch assigned = new CountDownLatch(1);
        private final Thread thread;

        RecordCounter(String topic) {
            thread = new Thread(() -> {
                try (var consumer = consumer()) {
                    List<TopicPartition> partitions = partitionsOf(consumer, topic);
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                    partitions.forEach(consumer::position);
                    assigned.countDown();
                    while (running.get()) {
                        int read = consumer.poll(Duration.ofMillis(50)).count();
                        if (read > 0) {
                            count.addAndGet(read);
                            lastReadNanos.set(System.nanoTime());
                        }
                    }
                }
            }, "bench-counter");
            thread.start();
        }

        void awaitAssigned() throws InterruptedException {
            if (!assigned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The counting consumer was not assigned within 60 s");
            }
        }

        boolean awaitCount(long expected, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            return count.get() >= expected;
        }

        long count() {
            return count.get();
        }

        long lastReadNanos() {
            return lastReadNanos.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        var properties = new Properties();
        properties.put("bootstrap.servers", bootstrapServers);
        properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
        properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
        properties.put("fetch.max.wait.ms", "5"); // measure the publisher, not the consumer's batching
        return new KafkaConsumer<>(properties);
    }

    private static List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    /** The relay's producer configuration ({@code kafka.producers.outbox-relay}), serializers aside. */
    private Map<String, String> relayProducerSettings() {
        var settings = new TreeMap<String, String>();
        environment.getProperties("kafka.producers.outbox-relay").forEach((key, value) -> {
            if (!key.endsWith("serializer")) {
                settings.put(key, String.valueOf(value));
            }
        });
        return settings;
    }

    private void requireLogicalWal(DataSource dataSource) throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SHOW wal_level")) {
            rows.next();
            if (!"logical".equals(rows.getString(1))) {
                throw new IllegalStateException("wal_level is " + rows.getString(1)
                        + ", not logical: run bench/relay-vs-debezium.sh (COMMERCE_POSTGRES_LOGICAL_REPLICATION=true)");
            }
        }
    }

    /**
     * Debezium's engine in a JVM of its own (bench/debezium, classpath in DEBEZIUM_CLASSPATH), pointed at this
     * PostgreSQL and broker with the relay's producer settings. Started means streaming: a probe event committed
     * after the start has reached Kafka.
     */
    private static final class DebeziumProcess implements AutoCloseable {
        private final Process process;
        private final Thread output;

        private DebeziumProcess(Process process, Thread output) {
            this.process = process;
            this.output = output;
        }

        static DebeziumProcess start(RelayVersusDebeziumBenchmark bench, String settings, DataSource dataSource,
                                     String run) throws Exception {
            String classpath = System.getenv("DEBEZIUM_CLASSPATH");
            if (classpath == null || classpath.isBlank()) {
                throw new IllegalStateException("DEBEZIUM_CLASSPATH is not set: run bench/relay-vs-debezium.sh");
            }
            URI database = URI.create(bench.jdbcUrl.substring("jdbc:".length()));
            var command = new ArrayList<>(List.of(javaLauncher(), "-cp", classpath,
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "com.example.commerce.bench.debezium.DebeziumOutboxPublisher",
                    "jdbc.host=" + database.getHost(), "jdbc.port=" + database.getPort(),
                    "jdbc.database=" + database.getPath().substring(1), "jdbc.user=" + bench.jdbcUser,
                    "jdbc.password=" + bench.jdbcPassword, "bootstrap.servers=" + bench.bootstrapServers));
            bench.relayProducerSettings().forEach((key, value) -> command.add("producer." + key + "=" + value));
            for (String setting : settings.trim().split("\\s+")) {
                if (!setting.isBlank()) {
                    command.add("debezium." + setting);
                }
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            Thread output = new Thread(() -> {
                try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = lines.readLine()) != null; ) {
                        if (line.startsWith("DEBEZIUM") || line.contains("ERROR") || line.startsWith("\t")
                                || line.contains("Exception")) {
                            report("  %s", line);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "debezium-output");
            output.start();
            var debezium = new DebeziumProcess(process, output);
            try {
                debezium.awaitStreaming(bench, dataSource, run);
            } catch (Exception e) {
                debezium.close();
                throw e;
            }
            return debezium;
        }

        /** Commits probe events until one reaches Kafka: until then the replication slot may not exist yet. */
        private void awaitStreaming(RelayVersusDebeziumBenchmark bench, DataSource dataSource, String run)
                throws Exception {
            String topic = "bench-cdc-probe-" + run;
            try (var admin = Admin.create(Map.of("bootstrap.servers", bench.bootstrapServers))) {
                if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
                }
            }
            var seen = new AtomicBoolean();
            var consuming = new AtomicBoolean(true);
            Thread reader = new Thread(() -> bench.readEventIds(topic, consuming, eventId -> seen.set(true)));
            reader.start();
            long started = System.nanoTime();
            long deadline = started + Duration.ofSeconds(120).toNanos();
            try (var connection = dataSource.getConnection(); var insert = connection.prepareStatement("""
                    INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type,
                                        event, occurred_at)
                    VALUES (gen_random_uuid(), ?, 'Probe', gen_random_uuid()::text, 1, 'PROBE', '{}'::jsonb,
                            now())""")) {
                Thread.sleep(1_000); // the probe reader assigned
                while (!seen.get() && process.isAlive() && System.nanoTime() < deadline) {
                    insert.setString(1, topic);
                    insert.executeUpdate();
                    for (int i = 0; i < 20 && !seen.get(); i++) {
                        Thread.sleep(100);
                    }
                }
            } finally {
                consuming.set(false);
                reader.join();
            }
            if (!seen.get()) {
                throw new IllegalStateException("Debezium did not publish a probe event within 120 s");
            }
            report("  Debezium streaming %.1f s after its JVM was started", seconds(started));
        }

        /** Closing its standard input stops the engine (and drops its replication slot). */
        @Override
        public void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                output.join(5_000);
            } catch (IOException e) {
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private String createTopic(String name) throws Exception {
        try (var admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    private static void report(String format, Object... args) {
        System.out.println("BENCH " + String.format(format, args));
    }

    private static int intEnv(String name, int defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value);
    }

    private static String stringEnv(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }

    private static List<Integer> intsEnv(String name, String defaultValue) {
        String value = System.getenv(name);
        return Arrays.stream((value == null ? defaultValue : value).trim().split("\\s+")).filter(v -> !v.isEmpty())
                .map(Integer::parseInt).toList();
    }

    /** The java launcher of this JVM, so Debezium runs on the same JDK. */
    private static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
