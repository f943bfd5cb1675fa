package com.example.commerce.reliability;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import com.example.commerce.contract.Topics;
import com.example.commerce.infra.EmbeddedPostgresServer;
import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductDocuments;
import com.example.commerce.productindex.ProductIndex;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.http.HttpHost;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.elasticsearch.client.RestClient;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The checks after the run, each against the source of truth: the traffic's record of what the API accepted, the
 * orders table, the outbox, the topics themselves, the notifications, the metrics and the search index.
 */
final class Verification {

    /** One check's outcome: how many things were looked at and what was wrong, with a few examples. */
    record Check(String name, long checked, long wrong, List<String> examples) {
        boolean passed() {
            return wrong == 0;
        }
    }

    /**
     * The event topics (these, and any other the outbox names) must hold exactly the outbox's events; their
     * dead-letter topics (the topic's name and {@code -dlq}) must stay empty.
     */
    private static final List<String> EVENT_TOPICS = List.of(Topics.ORDER_EVENTS, Topics.CATALOG_EVENTS,
            Topics.INVENTORY_EVENTS, Topics.PAYMENT_EVENTS, Topics.SHIPPING_EVENTS, Topics.MESSAGES);
    /** The events that notify their user, one notification each (docs/saga.md). */
    private static final List<String> NOTIFYING_EVENTS = List.of("ORDER_CREATED", "ORDER_PAID", "ORDER_CANCELLED",
            "ORDER_SHIPPED", "ORDER_DELIVERED", "PAYMENT_FAILED", "PAYMENT_REFUNDED");
    private static final Pattern EVENT_ID = Pattern.compile("\"eventId\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");

    private final LocalStack stack;
    private final AcceptedOrders acceptedOrders;
    private final Map<Long, Long> initialStock;
    /** Kafka records beyond the first of an event: allowed (a relay crash between send and mark), absorbed. */
    private long duplicateDeliveries;
    private long duplicateNotifications;
    private long orderProblems;

    private final Set<Long> acceptedMessages;
    private final Set<Long> deletedMessages;

    Verification(LocalStack stack, AcceptedOrders acceptedOrders, Map<Long, Long> initialStock,
                 Set<Long> acceptedMessages, Set<Long> deletedMessages) {
        this.stack = stack;
        this.acceptedOrders = acceptedOrders;
        this.initialStock = initialStock;
        this.acceptedMessages = acceptedMessages;
        this.deletedMessages = deletedMessages;
    }

    List<Check> run() throws Exception {
        var checks = new ArrayList<>(List.of(orders(), notifications(), notificationPerEvent(), eventsReachedKafka(),
                deadLetters(), metrics(), searchIndex()));
        checks.addAll(new SagaVerification(this::query, initialStock).run());
        try (var transport = elasticsearchTransport()) {
            checks.addAll(new MessageVerification(this::query, new ElasticsearchClient(transport), acceptedMessages,
                    deletedMessages).run());
        }
        return checks;
    }

    private RestClientTransport elasticsearchTransport() {
        var mapper = new JacksonJsonpMapper(new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false));
        return new RestClientTransport(RestClient.builder(HttpHost.create(stack.elasticsearchUrl())).build(), mapper);
    }

    /**
     * Every accepted order is in the database with a status its confirmed transitions allow, and no other; an
     * order cancelled for being out of stock was refused by the inventory.
     */
    private Check orders() throws SQLException {
        Map<Long, String> stored = new HashMap<>();
        query("SELECT id, status, cancellation_reason FROM orders", rows -> stored.put(rows.getLong(1),
                rows.getString(2) + (rows.getString(3) == null ? "" : "/" + rows.getString(3))));
        var rejected = new java.util.HashSet<Long>();
        query("SELECT aggregate_id FROM outbox WHERE event_type = 'STOCK_REJECTED'",
                rows -> rejected.add(Long.parseLong(rows.getString(1))));
        var wrong = new ArrayList<String>();
        for (AcceptedOrders.TrackedOrder order : acceptedOrders.all()) {
            String status = stored.remove(order.id);
            if (status == null) {
                wrong.add("order " + order.id + " accepted but not stored");
            } else if (!order.allowedStatuses().contains(status)) {
                wrong.add("order " + order.id + " is " + status + ", confirmed allow " + order.allowedStatuses());
            } else if (status.equals("CANCELLED/OUT_OF_STOCK") && !rejected.contains(order.id)) {
                wrong.add("order " + order.id + " cancelled OUT_OF_STOCK, but the inventory never refused it");
            }
        }
        stored.keySet().forEach(id -> wrong.add("order " + id + " stored but never accepted"));
        orderProblems = wrong.size();
        return check("accepted orders stored with their confirmed status", acceptedOrders.all().size(), wrong);
    }

    /** Exactly one notification per implied type: created, and paid and cancelled where confirmed. */
    private Check notifications() throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        query("SELECT order_id, type, count(*) FROM notifications GROUP BY order_id, type",
                rows -> counts.put(rows.getLong(1) + "/" + rows.getString(2), rows.getLong(3)));
        var wrong = new ArrayList<String>();
        long expected = 0;
        for (AcceptedOrders.TrackedOrder order : acceptedOrders.all()) {
            for (String type : order.expectedNotifications()) {
                expected++;
                Long count = counts.remove(order.id + "/" + type);
                if (count == null) {
                    wrong.add("order " + order.id + ": no " + type + " notification");
                } else if (count > 1) {
                    duplicateNotifications += count - 1;
                    wrong.add("order " + order.id + ": " + count + " " + type + " notifications");
                }
            }
        }
        return check("notifications: one per confirmed transition", expected, wrong);
    }

    /** Exactly one notification per notifying event in the outbox, and none without one. */
    private Check notificationPerEvent() throws SQLException {
        Map<String, Long> notified = new HashMap<>();
        // Mentions are notified per mentioned member, not per event: MessageVerification checks them.
        query("SELECT source_event_id::text, count(*) FROM notifications WHERE type <> 'MENTION' "
                        + "GROUP BY source_event_id",
                rows -> notified.put(rows.getString(1), rows.getLong(2)));
        var wrong = new ArrayList<String>();
        long[] events = {0};
        query("SELECT event_id::text, event_type, aggregate_id FROM outbox WHERE event_type = ANY ('{"
                + String.join(",", NOTIFYING_EVENTS) + "}')", rows -> {
            events[0]++;
            Long count = notified.remove(rows.getString(1));
            if (count == null || count != 1) {
                wrong.add(rows.getString(2) + " " + rows.getString(1) + " of " + rows.getString(3) + ": "
                        + (count == null ? 0 : count) + " notifications");
            }
        });
        notified.forEach((event, count) -> wrong.add("notification of event " + event + ", not a notifying event"));
        return check("notifications: exactly one per notifying event", events[0], wrong);
    }

    /** Every event of the outbox is on its topic; none is parked; every record on the topics is an outbox event. */
    private Check eventsReachedKafka() throws SQLException {
        Map<String, String> outbox = new HashMap<>();
        var wrong = new ArrayList<String>();
        query("SELECT event_id::text, topic, parked_at IS NOT NULL FROM outbox", rows -> {
            outbox.put(rows.getString(1), rows.getString(2));
            if (rows.getBoolean(3)) {
                wrong.add("event " + rows.getString(1) + " parked");
            }
        });
        Map<String, Integer> delivered = new HashMap<>();
        for (String topic : eventTopics()) {
            readTopic(topic, value -> {
                var matcher = EVENT_ID.matcher(value);
                delivered.merge(matcher.find() ? matcher.group(1) : "(no eventId)", 1, Integer::sum);
            });
        }
        for (var event : outbox.entrySet()) {
            Integer copies = delivered.remove(event.getKey());
            if (copies == null) {
                wrong.add("event " + event.getKey() + " never reached " + event.getValue());
            } else {
                duplicateDeliveries += copies - 1;
            }
        }
        delivered.forEach((id, copies) -> wrong.add("record " + id + " on a topic but not in the outbox"));
        return check("outbox events on Kafka (every eventId)", outbox.size(), wrong);
    }

    private Check deadLetters() throws SQLException {
        var records = new ArrayList<String>();
        var deadLetterTopics = eventTopics().stream().map(topic -> topic + "-dlq").toList();
        for (String topic : deadLetterTopics) {
            readTopic(topic, record -> records.add(topic + ": " + record));
        }
        return check("nothing dead-lettered (records on " + String.join(", ", deadLetterTopics) + ")",
                records.size(), records.stream().map(r -> "dead letter: " + r).toList());
    }

    private List<String> eventTopics() throws SQLException {
        var topics = new java.util.TreeSet<>(EVENT_TOPICS);
        query("SELECT DISTINCT topic FROM outbox", rows -> topics.add(rows.getString(1)));
        return List.copyOf(topics);
    }

    /**
     * Sales and likes of every product, as the indexer keeps them, equal what the orders and likes say (a sale is
     * an order paid and not cancelled: PAID, SHIPPED or DELIVERED).
     */
    private Check metrics() throws SQLException {
        Map<Long, String> truth = new HashMap<>();
        query("""
                SELECT p.id,
                       coalesce((SELECT sum(i.quantity) FROM order_items i JOIN orders o ON o.id = i.order_id
                                 WHERE i.product_id = p.id AND o.status IN ('PAID', 'SHIPPED', 'DELIVERED')), 0),
                       coalesce((SELECT sum(i.line_total) FROM order_items i JOIN orders o ON o.id = i.order_id
                                 WHERE i.product_id = p.id AND o.status IN ('PAID', 'SHIPPED', 'DELIVERED')), 0),
                       (SELECT count(*) FROM product_likes l WHERE l.product_id = p.id)
                FROM products p""", rows -> truth.put(rows.getLong(1),
                rows.getLong(2) + " sold, " + rows.getLong(3) + " amount, " + rows.getLong(4) + " likes"));
        Map<Long, String> kept = new HashMap<>();
        query("SELECT product_id, sales_count, total_sales_amount, like_count FROM product_metrics", rows ->
                kept.put(rows.getLong(1), rows.getLong(2) + " sold, " + rows.getLong(3) + " amount, "
                        + rows.getLong(4) + " likes"));
        var wrong = new ArrayList<String>();
        truth.forEach((product, expected) -> {
            String actual = kept.getOrDefault(product, "0 sold, 0 amount, 0 likes");
            if (!actual.equals(expected)) {
                wrong.add("product " + product + ": metrics " + actual + ", orders say " + expected);
            }
        });
        return check("product metrics equal the orders", truth.size(), wrong);
    }

    /** The index holds exactly the documents the database gives, field for field (metrics included). */
    private Check searchIndex() throws IOException, SQLException {
        var dataSource = new PGSimpleDataSource();
        try (Connection probe = stack.connect()) {
            dataSource.setURL(probe.getMetaData().getURL());
        }
        dataSource.setUser(EmbeddedPostgresServer.USERNAME);
        dataSource.setPassword(EmbeddedPostgresServer.PASSWORD);
        var ids = new ArrayList<Long>();
        query("SELECT id FROM products WHERE status = 'ACTIVE'", rows -> ids.add(rows.getLong(1)));
        List<ProductDocument> expected = new ProductDocuments(dataSource).byIds(ids);
        var wrong = new ArrayList<String>();
        try (var transport = elasticsearchTransport()) {
            var client = new ElasticsearchClient(transport);
            String alias = ProductIndex.DEFAULT_ALIAS;
            client.indices().refresh(r -> r.index(alias));
            for (int from = 0; from < expected.size(); from += 500) {
                List<ProductDocument> chunk = expected.subList(from, Math.min(expected.size(), from + 500));
                var found = client.mget(m -> m.index(alias)
                        .ids(chunk.stream().map(d -> String.valueOf(d.id())).toList()), ProductDocument.class);
                for (int i = 0; i < chunk.size(); i++) {
                    var item = found.docs().get(i);
                    ProductDocument indexed = item.isResult() && item.result().found() ? item.result().source() : null;
                    if (!chunk.get(i).equals(indexed)) {
                        wrong.add("product " + chunk.get(i).id() + ": index has " + indexed + ", database gives "
                                + chunk.get(i));
                    }
                }
            }
            long indexed = client.count(c -> c.index(alias)).count();
            if (indexed != expected.size()) {
                wrong.add("the index holds " + indexed + " documents, the database " + expected.size()
                        + " active products");
            }
        }
        return check("search index equals the database", expected.size(), wrong);
    }

    private void readTopic(String topic, Consumer<String> sink) {
        var config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (var consumer = new KafkaConsumer<byte[], byte[]>(config)) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(record ->
                        sink.accept(new String(record.value(), StandardCharsets.UTF_8)));
            }
        }
    }

    interface RowHandler {
        void handle(ResultSet rows) throws SQLException;
    }

    interface Query {
        void run(String sql, RowHandler handler) throws SQLException;
    }

    private void query(String sql, RowHandler handler) throws SQLException {
        try (Connection connection = stack.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                handler.handle(rows);
            }
        }
    }

    static Check check(String name, long checked, List<String> wrong) {
        return new Check(name, checked, wrong.size(), wrong.subList(0, Math.min(10, wrong.size())));
    }

    long duplicateDeliveries() {
        return duplicateDeliveries;
    }

    /** Accepted orders missing or with another status, and stored orders never accepted. */
    long orderProblems() {
        return orderProblems;
    }

    long duplicateNotifications() {
        return duplicateNotifications;
    }
}
