package com.example.commerce.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.example.commerce.indexer.MessageIndexer;
import com.example.commerce.messageindex.MessageDocument;
import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Eventually;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.testsupport.TopicRecords;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both read models rebuilt from the log while the API keeps writing: the messages index and the product metrics are
 * wiped, then replayed from offset 0 into a new index and a new table and swapped in, while a thread posts, edits
 * and deletes messages and likes, unlikes and views products. When the jobs are done and the live consumers have
 * caught up, the search read side holds exactly the database's messages and product_metrics exactly the database's
 * likes and the views made.
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
@Property(name = "commerce.catalog.view-publish-interval", value = "300ms")
@Property(name = "commerce.replay.verify-retry-delay", value = "200ms")
// The build's topics also carry events that other modules' tests publish by hand, without rows in the database:
// the product-metrics comparison with the database is recorded there, and this test makes its own, per product.
// The messages verification is enforced over the whole database.
@Property(name = "commerce.replay.enforce-verification", value = "messages")
class ReplayDuringWritesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final int PRODUCTS = 4;
    private static final int LIKERS = 3;

    @Inject
    ApiClient api;

    @Inject
    DataSource dataSource;

    @Inject
    ElasticsearchClient elasticsearch;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    @Test
    void bothReadModelsAreRebuiltEqualToTheDatabaseUnderConcurrentWrites() throws Exception {
        String admin = api.adminToken();
        String owner = api.newUserToken();
        var likers = new ArrayList<String>();
        for (int i = 0; i < LIKERS; i++) {
            likers.add(api.newUserToken());
        }
        var products = new ArrayList<Long>();
        for (int i = 0; i < PRODUCTS; i++) {
            products.add(api.createProduct(admin, "Replayed " + i, 100 + i));
        }
        long channel = api.send(HttpRequest.POST("/api/channels", Map.of("name", "replay", "private", false)),
                owner).id();
        var views = new ConcurrentHashMap<Long, Integer>();

        // History before the wipe: messages posted, edited and deleted; likes, an unlike and views.
        var messages = new ArrayList<Long>();
        for (int i = 0; i < 12; i++) {
            messages.add(post(owner, channel, "before the wipe " + i));
        }
        assertEquals(200, api.send(HttpRequest.PATCH("/api/messages/" + messages.get(0),
                Map.of("content", "edited before the wipe")), owner).status());
        assertEquals(204, api.send(HttpRequest.DELETE("/api/messages/" + messages.get(1)), owner).status());
        for (int p = 0; p < PRODUCTS; p++) {
            for (int u = 0; u <= p && u < LIKERS; u++) {
                like(likers.get(u), products.get(p), true);
            }
            view(products.get(p), views);
        }
        like(likers.get(0), products.get(PRODUCTS - 1), false);
        awaitReadSidesEqualDatabase(channel, products, views);

        wipe(products);
        assertTrue(index(channel).isEmpty(), "the messages index was wiped");

        var writing = new AtomicBoolean(true);
        var writes = new AtomicInteger();
        var writerFailure = new AtomicReference<Throwable>();
        Thread writer = new Thread(() -> {
            while (writing.get() && writerFailure.get() == null) {
                int n = writes.incrementAndGet();
                long product = products.get(n % PRODUCTS);
                try {
                    switch (n % 5) {
                        case 0 -> like(likers.get(n % LIKERS), product, (n / 5) % 2 == 0);
                        case 1 -> view(product, views);
                        case 2 -> assertEquals(200, api.send(HttpRequest.PATCH("/api/messages/"
                                + messages.get(2 + n % 10), Map.of("content", "edited during the replay " + n)),
                                owner).status());
                        default -> post(owner, channel, "during the replay " + n);
                    }
                } catch (Throwable e) {
                    writerFailure.set(e);
                }
            }
        });
        writer.start();

        var messagesJob = api.send(HttpRequest.POST("/api/admin/replay", Map.of("readModel", "messages")), admin);
        assertEquals(202, messagesJob.status(), messagesJob::toString);
        assertEquals("messages", messagesJob.get("readModel"));
        assertEquals("RUNNING", messagesJob.get("status"));
        assertEquals("/api/admin/replay/" + messagesJob.get("id"), messagesJob.headers().get("location"));
        var metricsJob = api.send(HttpRequest.POST("/api/admin/replay", Map.of("readModel", "product-metrics")),
                admin);
        assertEquals(202, metricsJob.status(), metricsJob::toString);

        var second = api.send(HttpRequest.POST("/api/admin/replay", Map.of("readModel", "messages")), admin);
        assertEquals(409, second.status(), second::toString);
        assertEquals("application/problem+json", second.contentType());
        var unknown = api.send(HttpRequest.POST("/api/admin/replay", Map.of("readModel", "orders")), admin);
        assertEquals(400, unknown.status(), unknown::toString);
        assertEquals("application/problem+json", unknown.contentType());
        assertEquals(403, api.send(HttpRequest.POST("/api/admin/replay", Map.of("readModel", "messages")),
                owner).status());
        assertEquals(403, api.send(HttpRequest.GET("/api/admin/replay/" + messagesJob.get("id")), owner).status());
        assertEquals(404, api.send(HttpRequest.GET("/api/admin/replay/" + UUID.randomUUID()), admin).status());

        var messagesDone = finished(admin, messagesJob.get("id"));
        var metricsDone = finished(admin, metricsJob.get("id"));
        int duringReplays = writes.get();
        writing.set(false);
        writer.join();
        assertEquals(null, writerFailure.get(), "writes during the replays");
        assertTrue(duringReplays >= 5, "writes while the replays ran: " + duringReplays);

        for (var job : List.of(messagesDone, metricsDone)) {
            assertEquals("SUCCEEDED", job.get("status"), job::toString);
            assertEquals("DONE", job.get("phase"), job::toString);
            assertNotNull(job.get("verification"), job::toString);
            List<Map<String, Object>> partitions = job.list("partitions");
            assertTrue(!partitions.isEmpty() && partitions.stream().allMatch(p ->
                    ((Number) p.get("read")).longValue() == ((Number) p.get("end")).longValue()), job::toString);
            assertTrue(((Number) job.get("eventsRead")).longValue() > 0, job::toString);
        }
        assertTrue(((String) messagesDone.get("verification")).startsWith("passed"), messagesDone::toString);
        assertTrue(((String) messagesDone.get("target")).startsWith("messages-replay-"), messagesDone::toString);

        awaitReadSidesEqualDatabase(channel, products, views);
        String word = "wipe";
        var found = api.send(HttpRequest.GET("/api/messages/search?q=" + word + "&channelId=" + channel
                + "&size=100"), owner);
        assertEquals(200, found.status(), found::toString);
        assertEquals(Sql.of(dataSource).count("SELECT count(*) FROM messages WHERE channel_id = ? AND content LIKE ?",
                channel, "%" + word + "%"), found.list("items").size(), "search through the API, through the alias");
    }

    /**
     * A message whose only event on the log can never be indexed (its mentions are not a list): the live indexer
     * dead-letters the record, the replay records it under the job and leaves exactly that message out of its
     * verification, which passes, and the new index is swapped in.
     */
    @Test
    void aLogHoldingAnUnindexableMessageIsReplayedVerifiedAndSwappedWithTheRecordReported() throws Exception {
        String admin = api.adminToken();
        String owner = api.newUserToken();
        long channel = api.send(HttpRequest.POST("/api/channels", Map.of("name", "planted", "private", false)),
                owner).id();
        long kept = post(owner, channel, "indexed beside the planted one");
        long author = Sql.of(dataSource).count("SELECT author_id FROM messages WHERE id = ?", kept);
        long planted = Sql.of(dataSource).count("""
                INSERT INTO messages (channel_id, author_id, content, mentions, attachments)
                VALUES (?, ?, 'planted, never indexable', '[]', '[]') RETURNING id""", channel, author);
        String value = """
                {"eventId":"%s","eventType":"MESSAGE_CREATED","aggregateType":"Channel","aggregateId":"%d",
                 "aggregateVersion":1000,"occurredAt":"2026-11-28T06:00:00Z","schemaVersion":1,
                 "payload":{"messageId":%d,"channelId":%d,"authorId":%d,"content":"planted, never indexable",
                            "mentions":"not a list","attachments":[],"createdAt":"2026-11-28T06:00:00Z"}}"""
                .formatted(UUID.randomUUID(), channel, planted, channel, author);
        RecordMetadata sent;
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            sent = producer.send(new ProducerRecord<>("platform.messages", String.valueOf(channel), value)).get();
        }
        var deadLettered = Eventually.lastRead(PATIENCE, POLL, () -> TopicRecords.withKey(bootstrapServers,
                "platform.messages-dlq", String.valueOf(channel), 1), found -> found.stream().anyMatch(r ->
                MessageIndexer.CONSUMER.equals(TopicRecords.header(r, "dlq.consumer"))));
        assertTrue(deadLettered.stream().anyMatch(r -> String.valueOf(sent.offset()).equals(
                TopicRecords.header(r, "dlq.original.offset"))), "the live indexer dead-lettered the planted record");

        var job = api.send(HttpRequest.POST("/api/admin/replay", Map.of("readModel", "messages")), admin);
        assertEquals(202, job.status(), job::toString);
        var done = finished(admin, job.get("id"));

        assertEquals("SUCCEEDED", done.get("status"), done::toString);
        String verification = (String) done.get("verification");
        assertTrue(verification.startsWith("passed"), done::toString);
        assertTrue(verification.matches(".*left out, their events dead-lettered: \\d+ \\[[^\\]]*\\b" + planted
                + "\\b.*"), done::toString);
        assertTrue(((Number) done.get("deadLettered")).longValue() >= 1, done::toString);
        List<Map<String, Object>> reported = done.list("deadLetters");
        assertTrue(reported.stream().anyMatch(d -> "platform.messages".equals(d.get("topic"))
                && ((Number) d.get("partition")).intValue() == sent.partition()
                && ((Number) d.get("offset")).longValue() == sent.offset()
                && d.get("messageId") != null && ((Number) d.get("messageId")).longValue() == planted
                && String.valueOf(d.get("error")).contains("mentions")), done::toString);
        assertEquals(Set.of(done.get("target")),
                elasticsearch.indices().getAlias(g -> g.name("messages")).result().keySet(), "swapped in");
        assertEquals(Map.of(kept, "indexed beside the planted one"), index(channel),
                "the channel's indexable message, and not the planted one");
    }

    private long post(String token, long channel, String content) {
        var posted = api.send(HttpRequest.POST("/api/channels/" + channel + "/messages", Map.of("content", content)),
                token);
        assertEquals(201, posted.status(), posted::toString);
        return posted.id();
    }

    private void like(String token, long product, boolean like) {
        String path = "/api/products/" + product + "/like";
        var answer = api.send(like ? HttpRequest.POST(path, "") : HttpRequest.DELETE(path), token);
        assertEquals(204, answer.status(), answer::toString);
    }

    private void view(long product, Map<Long, Integer> views) {
        assertEquals(200, api.send(HttpRequest.GET("/api/products/" + product)).status());
        views.merge(product, 1, Integer::sum);
    }

    private ApiClient.Answer finished(String admin, Object id) throws Exception {
        var job = Eventually.lastRead(PATIENCE, POLL,
                () -> api.send(HttpRequest.GET("/api/admin/replay/" + id), admin),
                answer -> !"RUNNING".equals(answer.get("status")));
        assertEquals(200, job.status(), job::toString);
        return job;
    }

    /** Deletes the concrete indices behind the messages alias (and with them the alias) and every metrics row. */
    private void wipe(List<Long> products) throws Exception {
        var indices = elasticsearch.indices().getAlias(g -> g.name("messages")).result().keySet();
        for (String index : indices) {
            elasticsearch.indices().delete(d -> d.index(index));
        }
        Sql.of(dataSource).execute("DELETE FROM product_metrics");
        assertEquals("0|0|0", metrics(products).get(products.get(0)));
    }

    private void awaitReadSidesEqualDatabase(long channel, List<Long> products, Map<Long, Integer> views)
            throws Exception {
        var indexed = Eventually.lastRead(PATIENCE, POLL, () -> index(channel), found -> {
            try {
                return found.equals(database(channel));
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(database(channel), indexed, "messages: id → content in the index and in the database");
        var metrics = Eventually.lastRead(PATIENCE, POLL, () -> metrics(products), found -> {
            try {
                return found.equals(expectedMetrics(products, views));
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(expectedMetrics(products, views), metrics, "product → likes|views|sales");
    }

    /** id → content of the channel's messages in the database. */
    private Map<Long, String> database(long channel) {
        var rows = Sql.of(dataSource).list("SELECT id, content FROM messages WHERE channel_id = ?",
                row -> Map.entry(row.getLong(1), row.getString(2)), channel);
        var messages = new TreeMap<Long, String>();
        rows.forEach(entry -> messages.put(entry.getKey(), entry.getValue()));
        return messages;
    }

    /** id → content of the channel's messages that search can find (through the alias, deleted ones left out). */
    private Map<Long, String> index(long channel) throws Exception {
        var messages = new TreeMap<Long, String>();
        if (!elasticsearch.indices().existsAlias(e -> e.name("messages")).value()) {
            return messages;
        }
        elasticsearch.indices().refresh(r -> r.index("messages"));
        var response = elasticsearch.search(s -> s.index("messages").size(1000)
                .query(q -> q.bool(b -> b.filter(f -> f.term(t -> t.field("channelId").value(channel)))
                        .mustNot(m -> m.term(t -> t.field("deleted").value(true))))), MessageDocument.class);
        response.hits().hits().forEach(hit -> messages.put(hit.source().id(), hit.source().content()));
        return messages;
    }

    private Map<Long, String> metrics(List<Long> products) {
        var found = new TreeMap<Long, String>();
        for (long product : products) {
            var row = Sql.of(dataSource).list("""
                    SELECT like_count, view_count, sales_count FROM product_metrics WHERE product_id = ?""",
                    r -> r.getLong(1) + "|" + r.getLong(2) + "|" + r.getLong(3), product);
            found.put(product, row.isEmpty() ? "0|0|0" : row.get(0));
        }
        return found;
    }

    /** What the database says (likes), and the views this test made; none of the products was sold. */
    private Map<Long, String> expectedMetrics(List<Long> products, Map<Long, Integer> views) {
        var expected = new TreeMap<Long, String>();
        var viewsNow = new HashMap<>(views);
        for (long product : products) {
            long likes = Sql.of(dataSource).count("SELECT count(*) FROM product_likes WHERE product_id = ?", product);
            expected.put(product, likes + "|" + viewsNow.getOrDefault(product, 0) + "|0");
        }
        return expected;
    }
}
