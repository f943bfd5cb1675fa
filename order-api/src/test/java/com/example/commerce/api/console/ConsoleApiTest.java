package com.example.commerce.api.console;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.consumer.DeadLetters;
import com.example.commerce.consumer.ReplayedDeadLetters;
import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Eventually;
import com.example.commerce.testsupport.TopicRecords;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import jakarta.inject.Inject;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operations console's JSON routes and its static page against the real PostgreSQL and Kafka: topics and groups
 * as the sampler reads them, dead letters listed, replayed and discarded with their audit, the outbox backlog, the
 * reindex job list, and who may use them.
 */
@MicronautTest(environments = "order-api", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "commerce.console.sample-interval", value = "100ms")
class ConsoleApiTest extends ApiTestBase {

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    @Inject
    @Client("/")
    HttpClient http;

    Admin admin;
    KafkaProducer<String, String> producer;
    final String run = Long.toString(System.nanoTime(), 36);

    @BeforeAll
    void clients() {
        admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    void close() {
        producer.close();
        admin.close();
    }

    private void createTopic(String name, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }

    private RecordMetadata send(ProducerRecord<String, String> record) throws Exception {
        return producer.send(record).get(30, TimeUnit.SECONDS);
    }

    private Map<String, Object> find(ApiClient.Answer answer, String list, String key, String value) {
        return answer.list(list).stream().filter(item -> value.equals(item.get(key))).findFirst().orElse(null);
    }

    private static long number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).longValue();
    }

    @Test
    void topicsShowPartitionsLeadersEndOffsetsAndThroughput() throws Exception {
        String token = api.adminToken();
        String topic = "console-topic-" + run;
        createTopic(topic, 2);
        for (int i = 0; i < 5; i++) {
            send(new ProducerRecord<>(topic, i % 2, "k" + i, "v" + i));
        }
        var first = api.send(HttpRequest.GET("/api/admin/kafka/topics"), token);
        assertEquals(200, first.status(), first::toString);
        var listed = find(first, "topics", "name", topic);
        assertNotNull(listed, first::toString);
        assertEquals(2, number(listed, "partitionCount"));
        assertEquals(5, number(listed, "endOffset"));
        @SuppressWarnings("unchecked")
        var partitions = (List<Map<String, Object>>) listed.get("partitions");
        assertEquals(List.of(3L, 2L), partitions.stream().map(p -> number(p, "endOffset")).toList());
        assertTrue(partitions.stream().allMatch(p -> p.get("leader") != null), partitions::toString);

        for (int i = 0; i < 20; i++) {
            send(new ProducerRecord<>(topic, "k" + i, "v" + i));
        }
        // The next sample sees the 20 new records appended since the previous one.
        var later = Eventually.lastRead(Duration.ofSeconds(30), Duration.ofMillis(150),
                () -> api.send(HttpRequest.GET("/api/admin/kafka/topics"), token),
                answer -> number(find(answer, "topics", "name", topic), "endOffset") == 25);
        var grown = find(later, "topics", "name", topic);
        assertEquals(25, number(grown, "endOffset"));
        @SuppressWarnings("unchecked")
        var history = (List<Map<String, Object>>) grown.get("history");
        assertTrue(history.stream().anyMatch(r -> ((Number) r.get("inPerSecond")).doubleValue() > 0), history::toString);
        assertTrue(((Number) later.get("samples")).intValue() >= 2);
    }

    @Test
    void groupsShowMembersLagPerPartitionRebalancesAndLagHistory() throws Exception {
        String token = api.adminToken();
        String topic = "console-lag-" + run;
        String group = "console-lag-group-" + run;
        createTopic(topic, 1);
        for (int i = 0; i < 4; i++) {
            send(new ProducerRecord<>(topic, "k", "v" + i));
        }
        try (var consumer = consumer(group)) {
            consumer.subscribe(List.of(topic));
            int read = 0;
            while (read < 4) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync();
            var active = Eventually.lastRead(Duration.ofSeconds(30), Duration.ofMillis(150),
                    () -> api.send(HttpRequest.GET("/api/admin/kafka/groups"), token),
                    answer -> find(answer, "groups", "groupId", group) != null
                            && "STABLE".equals(find(answer, "groups", "groupId", group).get("state")));
            var listed = find(active, "groups", "groupId", group);
            assertNotNull(listed, active::toString);
            assertEquals("STABLE", listed.get("state"));
            @SuppressWarnings("unchecked")
            var members = (List<Map<String, Object>>) listed.get("members");
            assertEquals(List.of(topic + "-0"), members.get(0).get("assignment"));
            assertEquals(0, number(listed, "lag"));
        }
        for (int i = 0; i < 7; i++) {
            send(new ProducerRecord<>(topic, "k", "w" + i));
        }
        var stopped = Eventually.lastRead(Duration.ofSeconds(30), Duration.ofMillis(150),
                () -> api.send(HttpRequest.GET("/api/admin/kafka/groups"), token),
                answer -> number(find(answer, "groups", "groupId", group), "lag") == 7
                        && "EMPTY".equals(find(answer, "groups", "groupId", group).get("state")));
        var group7 = find(stopped, "groups", "groupId", group);
        assertEquals(7, number(group7, "lag"), stopped::toString);
        assertEquals("EMPTY", group7.get("state"));
        @SuppressWarnings("unchecked")
        var partitions = (List<Map<String, Object>>) group7.get("partitions");
        assertEquals(List.of(topic + "/0 committed 4 end 11 lag 7"), partitions.stream().map(p -> p.get("topic") + "/"
                + number(p, "partition") + " committed " + number(p, "committed") + " end " + number(p, "endOffset")
                + " lag " + number(p, "lag")).toList());
        assertTrue(number(group7, "rebalances") >= 1, "the member leaving is a membership change: " + group7);
        @SuppressWarnings("unchecked")
        var history = (List<Map<String, Object>>) group7.get("history");
        assertEquals(0, number(history.get(0), "lag"));
        assertEquals(7, number(history.get(history.size() - 1), "lag"));
    }

    @Test
    void deadLettersAreListedReplayedOnceAndDiscardedWithAnAudit() throws Exception {
        String token = api.adminToken();
        String original = "console-orig-" + run;
        String dlq = original + "-dlq";
        createTopic(original, 1);
        createTopic(dlq, 2);
        String eventId = UUID.randomUUID().toString();
        String value = "{\"eventId\":\"" + eventId + "\",\"eventType\":\"ORDER_PAID\",\"payload\":{\"note\":"
                + "\"<img src=x onerror=alert(1)>\"}}";
        var headers = new RecordHeaders();
        headers.add("traceparent", utf8("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        headers.add(DeadLetters.ORIGINAL_TOPIC, utf8(original));
        headers.add(DeadLetters.ORIGINAL_PARTITION, utf8("0"));
        headers.add(DeadLetters.ORIGINAL_OFFSET, utf8("41"));
        headers.add(DeadLetters.ERROR, utf8("IllegalStateException: boom"));
        headers.add(DeadLetters.CONSUMER, utf8("notification-service"));
        var dead = send(new ProducerRecord<>(dlq, 1, "order-7", value, headers));
        var noOrigin = send(new ProducerRecord<>(dlq, 1, "x", "not json"));

        var page = api.send(HttpRequest.GET("/api/admin/dlq/" + dlq + "?page=1&size=10"), token);
        assertEquals(200, page.status(), page::toString);
        assertEquals(2, number(page.body(), "total"));
        var record = page.list("items").get(0);
        assertEquals(1, number(record, "partition"));
        assertEquals(dead.offset(), number(record, "offset"));
        assertEquals("order-7", record.get("key"));
        assertEquals(value, record.get("value"));
        assertEquals(eventId, record.get("eventId"));
        assertEquals("ORDER_PAID", record.get("eventType"));
        assertEquals("IllegalStateException: boom", record.get("error"));
        assertEquals("notification-service", record.get("consumer"));
        assertEquals(original, record.get("originalTopic"));
        assertEquals(0, number(record, "originalPartition"));
        assertEquals(41, number(record, "originalOffset"));
        assertNull(record.get("status"));
        var second = api.send(HttpRequest.GET("/api/admin/dlq/" + dlq + "?page=2&size=1"), token);
        assertEquals(List.of(noOrigin.offset()), second.list("items").stream().map(r -> number(r, "offset")).toList());

        String path = "/api/admin/dlq/" + dlq + "/1/" + dead.offset();
        var replayed = api.send(HttpRequest.POST(path + "/replay", ""), token);
        assertEquals(200, replayed.status(), replayed::toString);
        assertEquals("REPLAYED", replayed.get("status"));
        assertEquals(1, number(replayed.body(), "replays"));
        assertEquals(ApiClient.ADMIN, replayed.get("updatedBy"));
        var republished = TopicRecords.withKey(bootstrapServers, original, "order-7", 1);
        assertEquals(1, republished.size());
        assertEquals(value, new String(republished.get(0).value(), StandardCharsets.UTF_8));
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                TopicRecords.header(republished.get(0), "traceparent"));
        assertNull(TopicRecords.header(republished.get(0), DeadLetters.ERROR), "dead-letter headers are not replayed");
        assertEquals(dlq + "/1/" + dead.offset(), TopicRecords.header(republished.get(0), "dlq.replayed-from"));
        assertEquals("notification-service", TopicRecords.header(republished.get(0), ReplayedDeadLetters.FOR),
                "for the consumer that dead-lettered it alone");

        // Trailing slash: the same route.
        var again = api.send(HttpRequest.POST(path + "/replay/", ""), token);
        assertEquals(2, number(again.body(), "replays"), again::toString);
        assertEquals(2, TopicRecords.withKey(bootstrapServers, original, "order-7", 2).size());

        var discarded = api.send(HttpRequest.POST(path + "/discard", ""), token);
        assertEquals(200, discarded.status(), discarded::toString);
        assertEquals("DISCARDED", discarded.get("status"));
        var refused = assertProblem(409, api.send(HttpRequest.POST(path + "/replay", ""), token));
        assertEquals("DISCARDED", context(refused).get("currentStatus"));
        assertProblem(409, api.send(HttpRequest.POST(path + "/discard", ""), token));
        assertProblem(409, api.send(HttpRequest.POST("/api/admin/dlq/" + dlq + "/1/" + noOrigin.offset()
                + "/replay", ""), token));
        var listedAfter = api.send(HttpRequest.GET("/api/admin/dlq/" + dlq), token).list("items").get(0);
        assertEquals("DISCARDED", listedAfter.get("status"));
        assertEquals(2, number(listedAfter, "replays"));

        assertEquals(List.of("REPLAYED admin " + eventId + " " + original + "/0/41",
                        "REPLAYED admin " + eventId + " " + original + "/0/41",
                        "DISCARDED admin " + eventId + " " + original + "/0/41"),
                sql.list("SELECT action, actor, event_id, original_topic, original_partition, original_offset "
                                + "FROM dead_letter_actions WHERE dlq_topic = ? AND dlq_partition = 1 AND dlq_offset = ? "
                                + "ORDER BY id",
                        row -> row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " "
                                + row.getString(4) + "/" + row.getInt(5) + "/" + row.getLong(6), dlq, dead.offset()));

        assertProblem(404, api.send(HttpRequest.POST("/api/admin/dlq/" + dlq + "/1/999999/replay", ""), token));
        assertProblem(404, api.send(HttpRequest.POST("/api/admin/dlq/" + dlq + "/0/0/discard", ""), token));
        assertProblem(404, api.send(HttpRequest.POST("/api/admin/dlq/" + dlq + "/7/0/replay", ""), token));
        assertProblem(404, api.send(HttpRequest.POST("/api/admin/dlq/" + dlq + "/-1/0/replay", ""), token));
        assertProblem(404, api.send(HttpRequest.GET("/api/admin/dlq/" + original), token));
        assertProblem(404, api.send(HttpRequest.GET("/api/admin/dlq/absent-" + run + "-dlq"), token));
        assertFalse(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("absent-" + run + "-dlq"),
                "looking a topic up never creates it");
        assertProblem(400, api.send(HttpRequest.GET("/api/admin/dlq/" + dlq + "?size=1000"), token));
    }

    @Test
    void outboxBacklogAndReindexJobsAreListed() {
        String token = api.adminToken();
        api.createProduct(token, "Console backlog", 1);
        var backlog = api.send(HttpRequest.GET("/api/admin/outbox/backlog"), token);
        assertEquals(200, backlog.status(), backlog::toString);
        assertEquals(sql.count("SELECT count(*) FROM outbox WHERE published_at IS NULL AND parked_at IS NULL"),
                number(backlog.body(), "unpublished"));
        assertTrue(((Number) backlog.get("oldestUnpublishedAgeSeconds")).doubleValue() >= 0);

        UUID job = UUID.randomUUID();
        sql.execute("INSERT INTO reindex_jobs (id, status, total, indexed, index_name, started_at, finished_at) "
                + "VALUES (?, 'SUCCEEDED', 3, 3, 'products-console', now() + interval '1 hour', now())", job);
        var jobs = api.send(HttpRequest.GET("/api/admin/reindex/products?size=5"), token);
        assertEquals(200, jobs.status(), jobs::toString);
        assertEquals(job.toString(), jobs.list("items").get(0).get("id"), "newest first");
        sql.execute("DELETE FROM reindex_jobs WHERE id = ?", job);
    }

    @Test
    void onlyAdministratorsUseTheRoutes() {
        String user = api.newUserToken();
        // Fresh requests each time: a sent request keeps the Authorization header it was given.
        List<Supplier<MutableHttpRequest<?>>> routes = List.of(() -> HttpRequest.GET("/api/admin/kafka/topics"),
                () -> HttpRequest.GET("/api/admin/kafka/groups"), () -> HttpRequest.GET("/api/admin/dlq/order-events-dlq"),
                () -> HttpRequest.POST("/api/admin/dlq/order-events-dlq/0/0/replay", ""),
                () -> HttpRequest.POST("/api/admin/dlq/order-events-dlq/0/0/discard", ""),
                () -> HttpRequest.GET("/api/admin/outbox/backlog"), () -> HttpRequest.GET("/api/admin/reindex/products"));
        for (var route : routes) {
            assertProblem(403, api.send(route.get(), user));
            assertProblem(401, api.send(route.get()));
        }
        assertEquals(0, sql.count("SELECT count(*) FROM dead_letter_actions WHERE actor <> ?", ApiClient.ADMIN));
    }

    @Test
    void theConsoleIsServedFromTheJarWithItsSecurityHeaders() {
        for (String path : List.of("/console", "/console/", "/console/index.html")) {
            var page = http.toBlocking().exchange(HttpRequest.GET(path)
                    .header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Prefix", "/evil")
                    .header("Forwarded", "host=evil.example;proto=http"), String.class);
            assertEquals(200, page.code(), path);
            assertTrue(page.getContentType().orElseThrow().toString().startsWith("text/html"), path);
            String body = page.body();
            assertTrue(body.contains("<script src=\"/console/console.js\" defer></script>"), path);
            assertFalse(body.contains("evil"), path);
            assertEquals(ConsoleController.CONTENT_SECURITY_POLICY, page.header("Content-Security-Policy"));
            assertEquals("nosniff", page.header("X-Content-Type-Options"));
        }
        var script = http.toBlocking().exchange(HttpRequest.GET("/console/console.js"), String.class);
        assertTrue(script.getContentType().orElseThrow().toString().startsWith("text/javascript"));
        assertFalse(script.body().contains("innerHTML"), "server text is never inserted as markup");
        for (String path : List.of("/console/absent.js", "/console/..%2fapplication-order-api.properties",
                "/console/%2e%2e/%2e%2e/api/admin/outbox/backlog", "/console/console.js/x",
                "/console/META-INF")) {
            var answer = api.send(HttpRequest.GET(path));
            assertTrue(answer.status() == 404 || answer.status() == 400 || answer.status() == 401,
                    () -> path + ": " + answer);
        }
    }

    private KafkaConsumer<String, String> consumer(String group) {
        return new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrapServers, "group.id", group,
                "auto.offset.reset", "earliest", "enable.auto.commit", "false"), new StringDeserializer(),
                new StringDeserializer());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
