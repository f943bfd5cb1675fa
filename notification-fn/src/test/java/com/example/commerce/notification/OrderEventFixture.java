package com.example.commerce.notification;

import com.example.commerce.contract.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;


/** Produces order and payment events as the relay publishes them, and reads what the consumer did. */
final class OrderEventFixture implements AutoCloseable {

    static final String TOPIC = Topics.ORDER_EVENTS;

    private final String bootstrapServers;
    private final DataSource dataSource;
    private final KafkaProducer<byte[], byte[]> producer;

    OrderEventFixture(String bootstrapServers, DataSource dataSource) {
        this.bootstrapServers = bootstrapServers;
        this.dataSource = dataSource;
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A user id no other test uses. */
    static long newUserId() {
        return ThreadLocalRandom.current().nextLong(1_000_000_000L, Long.MAX_VALUE / 2);
    }

    static String envelope(UUID eventId, String eventType, long orderId, long userId, long total,
                           String previousStatus) {
        return """
                {"eventId":"%s","eventType":"%s","aggregateType":"Order","aggregateId":"%d","aggregateVersion":1,
                 "occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"orderId":%d,"userId":%d,"status":"PENDING","previousStatus":%s,"totalAmount":%d,
                            "items":[]}}""".formatted(eventId, eventType, orderId, orderId, userId,
                previousStatus == null ? "null" : "\"" + previousStatus + "\"", total);
    }

    /** An order event of the saga: with the order's status and, when cancelled, the cancellation reason. */
    static String sagaEnvelope(UUID eventId, String eventType, long orderId, long userId, long total, String status,
                               String previousStatus, String cancellationReason) {
        return """
                {"eventId":"%s","eventType":"%s","aggregateType":"Order","aggregateId":"%d","aggregateVersion":2,
                 "occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"orderId":%d,"userId":%d,"status":"%s","previousStatus":"%s","totalAmount":%d,
                            "items":[],"cancellationReason":%s}}""".formatted(eventId, eventType, orderId, orderId,
                userId, status, previousStatus, total,
                cancellationReason == null ? "null" : "\"" + cancellationReason + "\"");
    }

    static String paymentEnvelope(UUID eventId, String eventType, long orderId, long userId, long amount,
                                  String status) {
        return """
                {"eventId":"%s","eventType":"%s","aggregateType":"Payment","aggregateId":"%d","aggregateVersion":1,
                 "occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"orderId":%d,"userId":%d,"paymentId":%d,"amount":%d,"status":"%s","reference":null,
                            "reason":null}}""".formatted(eventId, eventType, orderId, orderId, userId, orderId, amount,
                status);
    }

    void send(String key, String value) throws Exception {
        send(TOPIC, key, value);
    }

    void send(String topic, String key, String value) throws Exception {
        var headers = new RecordHeaders();
        headers.add("eventType", "TEST".getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), headers)).get();
    }

    /** The user's notifications as "TYPE: message", in the order they were created. */
    List<String> notificationsOf(long userId) throws SQLException {
        var notifications = new ArrayList<String>();
        try (var connection = dataSource.getConnection(); var query = connection.prepareStatement(
                "SELECT type, message FROM notifications WHERE user_id = ? ORDER BY id")) {
            query.setLong(1, userId);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    notifications.add(rows.getString(1) + ": " + rows.getString(2));
                }
            }
        }
        return notifications;
    }

    List<String> messagesOf(long userId) throws SQLException {
        var messages = new ArrayList<String>();
        try (var connection = dataSource.getConnection(); var query = connection.prepareStatement(
                "SELECT message FROM notifications WHERE user_id = ? ORDER BY id")) {
            query.setLong(1, userId);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    messages.add(rows.getString(1));
                }
            }
        }
        return messages;
    }

    long notificationCount(long userId) throws SQLException {
        return messagesOf(userId).size();
    }

    void execute(String sql) throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * Until closed, the database refuses notifications of the user with the given SQLState, e.g. 40001 (a
     * serialization failure, transient) or 23514 (a check violation, permanent).
     */
    AutoCloseable refuseNotificationsOf(long userId, String sqlState) throws SQLException {
        String name = "refuse_" + Long.toHexString(userId);
        execute("""
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.user_id = %2$d THEN
                        RAISE EXCEPTION 'refused for the test' USING ERRCODE = '%3$s';
                    END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER %1$s BEFORE INSERT ON notifications FOR EACH ROW EXECUTE FUNCTION %1$s();"""
                .formatted(name, userId, sqlState));
        return () -> execute("DROP TRIGGER %1$s ON notifications; DROP FUNCTION %1$s();".formatted(name));
    }

    /** The dead-letter topic's records with the given key, read from the beginning. */
    List<ConsumerRecord<byte[], byte[]>> deadLettered(String key, int expected) {
        return deadLettered(Topics.ORDER_EVENTS_DLQ, key, expected);
    }

    /** The records of dead-letter topic {@code topic} with the given key, read from the beginning. */
    List<ConsumerRecord<byte[], byte[]>> deadLettered(String topic, String key, int expected) {
        var found = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Predicate<ConsumerRecord<byte[], byte[]>> ours = r -> r.key() != null
                    && new String(r.key(), StandardCharsets.UTF_8).equals(key);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (ours.test(r)) {
                        found.add(r);
                    }
                });
            }
        }
        return found;
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
