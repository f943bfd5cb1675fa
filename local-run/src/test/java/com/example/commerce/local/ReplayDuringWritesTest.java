package com.example.commerce.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.example.commerce.messageindex.MessageDocument;
import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Eventually;
import com.example.commerce.testsupport.Sql;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
// The build's database and topics are shared by every module's tests: other tests publish events by hand without
// rows in the database, and a full build left two earlier tests' messages that the replay never found on the log.
// So the whole-database comparisons are recorded, not enforced, here ("none" is no read model), and this test makes
// its own exact comparison, per message of its channel and per product.
@Property(name = "commerce.replay.enforce-verification", value = "none")
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
        assertTrue(((String) messagesDone.get("target")).startsWith("messages-replay-"), messagesDone::toString);

        awaitReadSidesEqualDatabase(channel, products, views);
        String word = "wipe";
        var found = api.send(HttpRequest.GET("/api/messages/search?q=" + word + "&channelId=" + channel
                + "&size=100"), owner);
        assertEquals(200, found.status(), found::toString);
        assertEquals(Sql.of(dataSource).count("SELECT count(*) FROM messages WHERE channel_id = ? AND content LIKE ?",
                channel, "%" + word + "%"), found.list("items").size(), "search through the API, through the alias");
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
