package com.example.commerce.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import com.example.commerce.contract.catalog.CatalogEventType;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.productindex.ProductDocument;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;


/** Products in PostgreSQL and their events on Kafka, as order-api and the relay would leave them. */
final class CatalogFixture implements AutoCloseable {

    private final String bootstrapServers;
    private final DataSource dataSource;
    private final ElasticsearchClient elasticsearch;
    private final KafkaProducer<byte[], byte[]> producer;

    CatalogFixture(String bootstrapServers, DataSource dataSource, ElasticsearchClient elasticsearch) {
        this.bootstrapServers = bootstrapServers;
        this.dataSource = dataSource;
        this.elasticsearch = elasticsearch;
        this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    long insertProduct(String name) throws SQLException {
        try (var connection = dataSource.getConnection(); var insert = connection.prepareStatement("""
                INSERT INTO products (name, description, category, brand, price, status, version)
                VALUES (?, 'A test product', 'books', 'indexer-test', 1000, 'ACTIVE', 1) RETURNING id""")) {
            insert.setString(1, name);
            try (var rows = insert.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    void execute(String sql, Object... args) throws SQLException {
        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        }
    }

    /** like_count, view_count, sales_count, total_sales_amount and revision of the product, or null without a row. */
    long[] metrics(long productId) throws SQLException {
        try (var connection = dataSource.getConnection(); var query = connection.prepareStatement("""
                SELECT like_count, view_count, sales_count, total_sales_amount, revision
                FROM product_metrics WHERE product_id = ?""")) {
            query.setLong(1, productId);
            try (var rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                return new long[] {rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4),
                        rows.getLong(5)};
            }
        }
    }

    long count(String sql, Object... args) throws SQLException {
        try (var connection = dataSource.getConnection(); var query = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                query.setObject(i + 1, args[i]);
            }
            try (var rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    static String event(UUID eventId, String type, String aggregateType, long aggregateId, long version,
                        String payload) {
        return """
                {"eventId":"%s","eventType":"%s","aggregateType":"%s","aggregateId":"%d","aggregateVersion":%d,
                 "occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,"payload":%s}"""
                .formatted(eventId, type, aggregateType, aggregateId, version, payload);
    }

    static String productEvent(String type, long productId, long version) {
        // Version 1 shapes: a view without count is one view. Only the product id of a product event is read.
        String payload = switch (CatalogEventType.valueOf(type)) {
            case PRODUCT_LIKED, PRODUCT_UNLIKED, PRODUCT_VIEWED ->
                    "{\"productId\":%d,\"userId\":1}".formatted(productId);
            default -> "{\"productId\":%d}".formatted(productId);
        };
        return event(UUID.randomUUID(), type, CatalogEventType.AGGREGATE_TYPE, productId, version, payload);
    }

    static String orderEvent(String type, long orderId, String previousStatus, long productId, int quantity,
                             long lineTotal) {
        String payload = """
                {"orderId":%d,"userId":1,"status":"PAID","previousStatus":%s,"totalAmount":%d,
                 "items":[{"productId":%d,"productName":"x","unitPrice":%d,"quantity":%d,"lineTotal":%d}]}"""
                .formatted(orderId, previousStatus == null ? "null" : "\"" + previousStatus + "\"", lineTotal,
                        productId, lineTotal / quantity, quantity, lineTotal);
        return event(UUID.randomUUID(), type, OrderEventType.AGGREGATE_TYPE, orderId, 1, payload);
    }

    void send(String topic, long key, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, String.valueOf(key).getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8))).get();
    }

    /** Sends the value with a header as the relay sets it ({@code eventType}), so that its travel can be checked. */
    void sendWithHeaders(String topic, String key, String value) throws Exception {
        var headers = new RecordHeaders();
        headers.add("eventType", "TEST".getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(topic, null, key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), headers)).get();
    }

    /** The records of a dead-letter topic with the given key, read from the beginning. */
    List<ConsumerRecord<byte[], byte[]>> deadLettered(String topic, String key, int expected) {
        var found = new ArrayList<ConsumerRecord<byte[], byte[]>>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(r -> {
                    if (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(key)) {
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

    ProductDocument indexed(long productId) throws IOException {
        try {
            var response = elasticsearch.get(g -> g.index("products").id(String.valueOf(productId)),
                    ProductDocument.class);
            return response.found() ? response.source() : null;
        } catch (ElasticsearchException e) {
            if (e.status() == 404) {
                return null; // the index itself is not there yet
            }
            throw e;
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
