package com.example.commerce.bench.debezium;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Debezium's side of the relay comparison: the embedded engine with the PostgreSQL connector (logical decoding,
 * pgoutput) reads the inserts into {@code outbox}, the outbox event router turns each into a record for the topic
 * named in the row, keyed by aggregate id, with the event as value; a Kafka producer with the relay's settings sends
 * them. Debezium's offsets (and so the replication slot's confirmed position) advance only after the broker has
 * acknowledged every record of a batch: at least once, as the relay.
 *
 * <p>Started by {@code RelayVersusDebeziumBenchmark} as a child process. Arguments are {@code key=value} pairs:
 * {@code jdbc.host}, {@code jdbc.port}, {@code jdbc.database}, {@code jdbc.user}, {@code jdbc.password},
 * {@code bootstrap.servers}; {@code producer.*} are the relay's producer settings; {@code debezium.*} are passed to
 * the engine as they are (its connector and batching settings). Prints {@code DEBEZIUM started} once the engine's
 * task runs and stops when its standard input closes.
 */
public final class DebeziumOutboxPublisher {

    private static final String PUBLICATION = "bench_outbox";

    private DebeziumOutboxPublisher() {
    }

    public static void main(String[] args) throws Exception {
        var arguments = new Properties();
        for (String argument : args) {
            int equals = argument.indexOf('=');
            arguments.setProperty(argument.substring(0, equals), argument.substring(equals + 1));
        }
        createPublication(arguments);

        var producerSettings = new Properties();
        producerSettings.put("bootstrap.servers", arguments.getProperty("bootstrap.servers"));
        arguments.stringPropertyNames().stream().filter(name -> name.startsWith("producer."))
                .forEach(name -> producerSettings.put(name.substring("producer.".length()),
                        arguments.getProperty(name)));
        // Keys and values are sent as the relay sends them: UTF-8 text, serialized here.
        producerSettings.put("key.serializer", ByteArraySerializer.class.getName());
        producerSettings.put("value.serializer", ByteArraySerializer.class.getName());
        var producer = new KafkaProducer<byte[], byte[]>(producerSettings);
        var sender = new AcknowledgedBatches(producer);

        var engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(engineSettings(arguments))
                .notifying(sender)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        System.out.println("DEBEZIUM started");
                    }
                })
                .using((success, message, error) -> {
                    if (!success) {
                        System.out.println("DEBEZIUM failed: " + message);
                        if (error != null) {
                            error.printStackTrace(System.out);
                        }
                    }
                })
                .build();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        runner.execute(engine);

        // The benchmark closes this process's standard input to stop it.
        try (var input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (input.readLine() != null) {
                // nothing to read; only the end matters
            }
        }
        engine.close();
        runner.shutdown();
        runner.awaitTermination(30, TimeUnit.SECONDS);
        producer.close();
        System.out.printf("DEBEZIUM stopped: %d records sent in %d batches%n", sender.records.get(),
                sender.batches.get());
    }

    /**
     * The outbox is insert-only for a CDC reader: the publication carries inserts, so the rows a relay marks
     * published (UPDATEs) never reach the connector.
     */
    private static void createPublication(Properties arguments) throws SQLException {
        String url = "jdbc:postgresql://" + arguments.getProperty("jdbc.host") + ":"
                + arguments.getProperty("jdbc.port") + "/" + arguments.getProperty("jdbc.database");
        try (var connection = DriverManager.getConnection(url, arguments.getProperty("jdbc.user"),
                arguments.getProperty("jdbc.password"));
             var statement = connection.createStatement()) {
            statement.execute("DROP PUBLICATION IF EXISTS " + PUBLICATION);
            statement.execute("CREATE PUBLICATION " + PUBLICATION + " FOR TABLE public.outbox WITH (publish = 'insert')");
        }
    }

    private static Properties engineSettings(Properties arguments) {
        var settings = new Properties();
        settings.setProperty("name", "outbox");
        settings.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        settings.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        settings.setProperty("database.hostname", arguments.getProperty("jdbc.host"));
        settings.setProperty("database.port", arguments.getProperty("jdbc.port"));
        settings.setProperty("database.dbname", arguments.getProperty("jdbc.database"));
        settings.setProperty("database.user", arguments.getProperty("jdbc.user"));
        settings.setProperty("database.password", arguments.getProperty("jdbc.password"));
        settings.setProperty("topic.prefix", "bench");
        settings.setProperty("plugin.name", "pgoutput");
        settings.setProperty("slot.name", "bench_debezium");
        settings.setProperty("slot.drop.on.stop", "true");
        settings.setProperty("publication.name", PUBLICATION);
        settings.setProperty("publication.autocreate.mode", "disabled");
        settings.setProperty("table.include.list", "public.outbox");
        // Only what is committed from now on: the benchmark inserts its events after the engine has started.
        settings.setProperty("snapshot.mode", "no_data");

        // The outbox event router on the relay's columns: topic from the row, key = aggregate id, value = event.
        settings.setProperty("transforms", "outbox");
        settings.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        settings.setProperty("transforms.outbox.table.field.event.id", "event_id");
        settings.setProperty("transforms.outbox.table.field.event.key", "aggregate_id");
        settings.setProperty("transforms.outbox.table.field.event.payload", "event");
        settings.setProperty("transforms.outbox.route.by.field", "topic");
        settings.setProperty("transforms.outbox.route.topic.replacement", "${routedByValue}");
        // The relay's headers (eventId, eventType, aggregateType, aggregateVersion).
        settings.setProperty("transforms.outbox.table.fields.additional.placement",
                "event_id:header:eventId,event_type:header:eventType,aggregate_type:header:aggregateType,"
                        + "aggregate_version:header:aggregateVersion");

        arguments.stringPropertyNames().stream().filter(name -> name.startsWith("debezium."))
                .forEach(name -> settings.setProperty(name.substring("debezium.".length()),
                        arguments.getProperty(name)));
        return settings;
    }

    /** Sends a batch, waits for every acknowledgement, then marks the batch processed (Debezium's offsets). */
    private static final class AcknowledgedBatches
            implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

        private final KafkaProducer<byte[], byte[]> producer;
        final AtomicLong records = new AtomicLong();
        final AtomicLong batches = new AtomicLong();

        AcknowledgedBatches(KafkaProducer<byte[], byte[]> producer) {
            this.producer = producer;
        }

        @Override
        public void handleBatch(List<RecordChangeEvent<SourceRecord>> batch,
                                DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
                throws InterruptedException {
            var acknowledgements = new ArrayList<Future<RecordMetadata>>(batch.size());
            for (var event : batch) {
                SourceRecord record = event.record();
                if (record.value() == null) {
                    continue; // a tombstone: the outbox never deletes, so none is expected
                }
                var headers = new RecordHeaders();
                for (Header header : record.headers()) {
                    headers.add(header.key(), utf8(String.valueOf(header.value())));
                }
                acknowledgements.add(producer.send(new ProducerRecord<>(record.topic(), null,
                        utf8(String.valueOf(record.key())), utf8(String.valueOf(record.value())), headers)));
            }
            for (var acknowledgement : acknowledgements) {
                try {
                    acknowledgement.get();
                } catch (ExecutionException e) {
                    // Unacknowledged: the offsets stay where they were, and the engine stops with the failure.
                    throw new IllegalStateException("Send failed", e.getCause());
                }
            }
            for (var event : batch) {
                committer.markProcessed(event);
            }
            committer.markBatchFinished();
            records.addAndGet(acknowledgements.size());
            batches.incrementAndGet();
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
