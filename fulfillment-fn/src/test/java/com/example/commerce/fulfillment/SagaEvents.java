package com.example.commerce.fulfillment;

import com.example.commerce.consumer.IncomingEvent;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.testsupport.TopicRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Produces the saga's events as the relay publishes them, and reads what the participants did. */
public final class SagaEvents implements AutoCloseable {

    private final String bootstrapServers;
    private final Sql sql;
    private final KafkaProducer<byte[], byte[]> producer;

    public SagaEvents(String bootstrapServers, Sql sql) {
        this.bootstrapServers = bootstrapServers;
        this.sql = sql;
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** An order id no other test uses (the participants' tables have no foreign key to orders). */
    public static long newOrderId() {
        return ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 4_000_000_000_000_000L);
    }

    /** A product of the catalog (stock rows refer to products). */
    public long newProduct() {
        return sql.count("INSERT INTO products (name, category, brand, price, status) "
                + "VALUES ('stocked', 'c', 'b', 100, 'ACTIVE') RETURNING id");
    }

    /** An order event; {@code items} as productId, quantity pairs (none: an order with no lines). */
    public static String orderEvent(UUID eventId, String eventType, long orderId, long... items) {
        var lines = new StringJoiner(",", "[", "]");
        for (int i = 0; i + 1 < items.length; i += 2) {
            lines.add("""
                    {"productId":%d,"productName":"p","unitPrice":10,"quantity":%d,"lineTotal":%d}"""
                    .formatted(items[i], items[i + 1], 10 * items[i + 1]));
        }
        return """
                {"eventId":"%s","eventType":"%s","aggregateType":"Order","aggregateId":"%d","aggregateVersion":1,
                 "occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"orderId":%d,"userId":1,"status":"PENDING","previousStatus":null,"totalAmount":10,
                            "items":%s,"cancellationReason":null}}"""
                .formatted(eventId, eventType, orderId, orderId, lines);
    }

    /** An inventory event of an order's reservation, with no lines. */
    public static String reservationEvent(UUID eventId, String eventType, long orderId) {
        return """
                {"eventId":"%s","eventType":"%s","aggregateType":"Reservation","aggregateId":"%d",
                 "aggregateVersion":2,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"orderId":%d,"lines":[],"shortages":null}}"""
                .formatted(eventId, eventType, orderId, orderId);
    }

    /** A record as a consumer would receive it, for calling a processor directly. */
    public static IncomingEvent incoming(String topic, long offset, String value) {
        return new IncomingEvent(topic, 0, offset, "k".getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public void send(String topic, String key, String value) throws Exception {
        var headers = new RecordHeaders();
        headers.add("eventType", "TEST".getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), headers)).get();
    }

    /** The records dead-lettered to {@code topic} with {@code key}. */
    public List<ConsumerRecord<byte[], byte[]>> deadLettered(String topic, String key, int expected) {
        return TopicRecords.withKey(bootstrapServers, topic, key, expected);
    }

    /** The order's reservation status, or null without one. */
    public String reservationStatus(long orderId) {
        var status = sql.list("SELECT status FROM stock_reservations WHERE order_id = ?", row -> row.getString(1),
                orderId);
        return status.isEmpty() ? null : status.get(0);
    }

    /** on_hand, reserved of a product's stock row. */
    public List<Long> stock(long productId) {
        return sql.list("SELECT on_hand, reserved FROM stock WHERE product_id = ?",
                row -> List.of(row.getLong(1), row.getLong(2)), productId).get(0);
    }

    /** status and carrier reference of the order's shipment, or null without one. */
    public List<String> shipment(long orderId) {
        var shipment = sql.list("SELECT status, carrier_reference FROM shipments WHERE order_id = ?",
                row -> java.util.Arrays.asList(row.getString(1), row.getString(2)), orderId);
        return shipment.isEmpty() ? null : shipment.get(0);
    }

    /** The event types the aggregate left in the outbox, oldest first. */
    public List<String> outboxTypes(String aggregateType, long aggregateId) {
        return sql.list("SELECT event_type FROM outbox WHERE aggregate_type = ? AND aggregate_id = ? ORDER BY id",
                row -> row.getString(1), aggregateType, String.valueOf(aggregateId));
    }

    @Override
    public void close() {
        producer.close();
    }
}
