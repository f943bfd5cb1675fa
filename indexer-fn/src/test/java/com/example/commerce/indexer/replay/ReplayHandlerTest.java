package com.example.commerce.indexer.replay;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import com.example.commerce.messageindex.MessageDocument;
import com.example.commerce.testsupport.LambdaContexts;
import com.example.commerce.testsupport.Sql;
import io.micronaut.context.ApplicationContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replay function as Lambda runs it: a replay of the messages read model cut across a chain of short
 * invocations, each stopping near its remaining time, saving its position in the log and invoking the function
 * again (here in this process), ends with the same index as a replay done in one invocation: every document of the
 * log, none lost, none read twice.
 */
class ReplayHandlerTest {

    /** Records per read: the log takes many steps. */
    private static final int MAX_POLL_RECORDS = 15;
    /** Each short invocation gets the safety margin plus this: a step or a few. */
    private static final int WORKING_MILLIS = 150;
    private static final int SAFETY_MARGIN_MILLIS = 1_000;
    private static final int MESSAGES = 40;
    /** How many events {@link #publishHistory} put on the log. */
    private static int published;

    /** The in-process stand-in for "invoke this function again": what was asked, in order. */
    static final LinkedBlockingQueue<UUID> continuations = new LinkedBlockingQueue<>();

    /** Instead of an asynchronous Lambda invocation: the test loop below invokes the handler with the job. */
    static final class InProcessContinuation implements ReplayContinuation {
        @Override
        public void continueLater(UUID jobId) {
            continuations.add(jobId);
        }
    }

    static ReplayHandler handler;
    static Sql sql;
    static ElasticsearchClient elasticsearch;

    @BeforeAll
    static void start() {
        System.setProperty("micronaut.environments", "test");
        handler = new ReplayHandler(ApplicationContext.builder()
                .properties(Map.of(
                        "commerce.replay.max-poll-records", MAX_POLL_RECORDS,
                        "commerce.replay.poll-timeout", "200ms",
                        "commerce.replay.lambda-safety-margin", SAFETY_MARGIN_MILLIS + "ms",
                        "commerce.replay.resume-after", "5s",
                        // The build's database holds other modules' messages whose events may not be on the log
                        // here: the whole-database comparison is recorded; this test compares the indices itself.
                        "commerce.replay.enforce-verification", "product-metrics"))
                .singletons(new InProcessContinuation()));
        sql = Sql.of(handler.getApplicationContext().getBean(DataSource.class));
        elasticsearch = handler.getApplicationContext().getBean(ElasticsearchClient.class);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("micronaut.environments");
        handler.close();
    }

    @Test
    void aReplayCutAcrossInvocationsEndsWithTheIndexOfAReplayInOne() throws Exception {
        assertTrue(handler.getApplicationContext().getBeanDefinitions(ReplayPoller.class).isEmpty(),
                "on Lambda no local poller runs");
        long channel = ThreadLocalRandom.current().nextLong(1L << 52, 1L << 53);
        var expected = publishHistory(channel);

        // order-api's asynchronous invocation, then every continuation the pieces ask for.
        UUID chained = newJob();
        continuations.clear();
        var outcomes = new ArrayList<String>();
        UUID next = chained;
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (next != null && System.nanoTime() < deadline) {
            outcomes.add(handler.handleRequest(Map.of("jobId", next.toString()),
                    LambdaContexts.withRemaining(SAFETY_MARGIN_MILLIS + WORKING_MILLIS)));
            next = continuations.poll();
        }
        assertEquals("SUCCEEDED", outcomes.get(outcomes.size() - 1), outcomes::toString);
        assertEquals(List.of("SUCCEEDED"), outcomes.stream().filter(o -> !o.equals("PAUSED")).toList(),
                "every invocation but the last paused and handed on");
        assertTrue(outcomes.size() >= 3, "the replay took " + outcomes.size() + " invocations");
        assertEquals("SUCCEEDED DONE " + outcomes.size(), job(chained, "status || ' ' || phase || ' ' || pieces"));
        String chainedTarget = job(chained, "target");
        Map<Long, MessageDocument> afterChain = documents(chainedTarget);

        UUID single = newJob();
        assertEquals("SUCCEEDED", handler.handleRequest(Map.of("jobId", single.toString()),
                LambdaContexts.withRemaining(120_000)));
        assertEquals(0, continuations.size(), "one invocation, no continuation");
        assertEquals("SUCCEEDED DONE 1", job(single, "status || ' ' || phase || ' ' || pieces"));
        Map<Long, MessageDocument> afterOne = documents(job(single, "target"));

        assertEquals(afterOne, afterChain, "the index of the chained replay and of the replay in one invocation");
        assertEquals(expected, channelOf(afterChain, channel), "this channel's messages: the newest event of each");
        assertEquals(job(single, "events_read"), job(chained, "events_read"),
                "every record of the log read once, in either replay");
        assertTrue(Long.parseLong(job(chained, "events_read")) >= published,
                () -> "read at least the " + published + " events published here");
    }

    /**
     * A failure once the job has swapped its model in does not fail the job: it keeps its claim, shows the error, and
     * a piece repeats the step once the claim has been silent for resume-after (not at once: a failure that lasts
     * would loop), also after a silence that fails a job still building (order-api fails those, not these). A
     * failure before the swap fails the job, and nothing serves from it.
     */
    @Test
    void aFailureAfterTheSwapIsRepeatedLaterNotFailed() {
        UUID swapped = newJob();
        sql.execute("UPDATE replay_jobs SET phase = 'FOLLOWING_UP', partitions = 'not a position', "
                + "heartbeat_at = now() - interval '1 day' WHERE id = ?", swapped);
        continuations.clear();

        assertEquals("RETRY_LATER", handler.handleRequest(Map.of("jobId", swapped.toString()),
                LambdaContexts.withRemaining(120_000)));
        assertEquals("RUNNING FOLLOWING_UP 1 true true", job(swapped, "status || ' ' || phase || ' ' || pieces || ' ' "
                + "|| (claimed_by IS NOT NULL)::text || ' ' || (error IS NOT NULL)::text"),
                "taken though silent for a day, and kept with its error");
        assertEquals(0, continuations.size(), "no continuation: the schedule's piece repeats it");
        assertEquals("NOT_CLAIMED", handler.handleRequest(Map.of("jobId", swapped.toString()),
                LambdaContexts.withRemaining(120_000)), "not again at once");

        UUID building = newJob();
        sql.execute("UPDATE replay_jobs SET phase = 'READING', partitions = 'not a position' WHERE id = ?", building);
        assertEquals("FAILED", handler.handleRequest(Map.of("jobId", building.toString()),
                LambdaContexts.withRemaining(120_000)));
        continuations.clear();
    }

    /**
     * A log whose oldest events retention has dropped cannot rebuild a read model: a partition that no longer starts
     * at offset 0 is seen (on the real broker) and refused before anything is created or swapped.
     */
    @Test
    void aLogThatNoLongerStartsAtOffsetZeroIsRefused() throws Exception {
        String bootstrap = handler.getApplicationContext().getRequiredProperty("kafka.bootstrap.servers",
                String.class);
        String topic = "replay-truncated-" + UUID.randomUUID();
        try (var admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     bootstrap, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get(30, TimeUnit.SECONDS);
            }
            var log = handler.getApplicationContext().getBean(ReplayLog.class);
            try (var reader = log.open()) {
                var whole = reader.fromStart(List.of(topic));
                assertEquals(List.of(new PartitionProgress(topic, 0, 0, 5)), whole);
                assertEquals(Optional.empty(), LogReplay.truncation(whole));
            }

            admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(3)))
                    .all().get(30, TimeUnit.SECONDS);

            try (var reader = log.open()) {
                var truncated = reader.fromStart(List.of(topic));
                assertEquals(List.of(new PartitionProgress(topic, 0, 3, 5)), truncated);
                assertEquals(Optional.of("The log no longer holds its whole history (" + topic
                        + "-0 starts at offset 3)"), LogReplay.truncation(truncated));
            }
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Creates {@value #MESSAGES} messages in {@code channel}, edits every third and deletes every fifth, on the log
     * as order-api's relay publishes them (one channel, versions in order).
     *
     * @return message id → "content|deleted|version" of the newest event of each
     */
    private static Map<Long, String> publishHistory(long channel) throws Exception {
        long firstId = ThreadLocalRandom.current().nextLong(1L << 52, 1L << 53) - MESSAGES;
        var expected = new TreeMap<Long, String>();
        long version = 0;
        var events = new ArrayList<String>();
        for (int i = 0; i < MESSAGES; i++) {
            version++;
            events.add(event("MESSAGE_CREATED", channel, firstId + i, version, "created " + i));
            expected.put(firstId + i, "created " + i + "|false|" + version);
        }
        for (int i = 0; i < MESSAGES; i++) {
            if (i % 3 == 0) {
                version++;
                events.add(event("MESSAGE_UPDATED", channel, firstId + i, version, "edited " + i));
                expected.put(firstId + i, "edited " + i + "|false|" + version);
            }
            if (i % 5 == 0) {
                version++;
                events.add(event("MESSAGE_DELETED", channel, firstId + i, version, null));
                expected.put(firstId + i, "null|true|" + version);
            }
        }
        String bootstrap = handler.getApplicationContext().getRequiredProperty("kafka.bootstrap.servers",
                String.class);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (String event : events) {
                producer.send(new ProducerRecord<>("platform.messages", String.valueOf(channel), event));
            }
            producer.flush();
        }
        published = events.size();
        return expected;
    }

    private static String event(String type, long channel, long messageId, long version, String content) {
        String text = content == null ? "null" : "\"" + content + "\"";
        String edited = type.equals("MESSAGE_CREATED") ? "null" : "\"2026-11-28T07:05:00Z\"";
        return """
                {"eventId":"%s","eventType":"%s","aggregateType":"Channel","aggregateId":"%d","aggregateVersion":%d,
                 "occurredAt":"2026-11-28T07:00:00Z","schemaVersion":1,
                 "payload":{"messageId":%d,"channelId":%d,"authorId":7,"content":%s,"mentions":[],
                  "attachments":[],"createdAt":"2026-11-28T07:00:00Z","editedAt":%s}}"""
                .formatted(UUID.randomUUID(), type, channel, version, messageId, channel, text, edited);
    }

    /** A messages replay as order-api records it; a running one left by another module's tests is failed first. */
    private static UUID newJob() {
        sql.execute("""
                UPDATE replay_jobs SET status = 'FAILED', finished_at = now(), claimed_by = NULL,
                       error = 'Abandoned: failed by a test of the replay function'
                 WHERE read_model = 'messages' AND status = 'RUNNING'""");
        UUID id = UUID.randomUUID();
        sql.execute("INSERT INTO replay_jobs (id, read_model, status) VALUES (?, 'messages', 'RUNNING')", id);
        return id;
    }

    private static String job(UUID id, String column) {
        return sql.list("SELECT " + column + " FROM replay_jobs WHERE id = ?", row -> row.getString(1), id).get(0);
    }

    private static Map<Long, String> channelOf(Map<Long, MessageDocument> documents, long channel) {
        var found = new TreeMap<Long, String>();
        documents.values().stream().filter(d -> d.channelId() == channel)
                .forEach(d -> found.put(d.id(), d.content() + "|" + d.deleted() + "|" + d.version()));
        return found;
    }

    /** Every document of a concrete index, by id. */
    private static Map<Long, MessageDocument> documents(String index) throws Exception {
        elasticsearch.indices().refresh(r -> r.index(index));
        var all = new TreeMap<Long, MessageDocument>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> from = after;
            var response = elasticsearch.search(s -> {
                s.index(index).size(1_000).sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
                return from == null ? s : s.searchAfter(from);
            }, MessageDocument.class);
            var hits = response.hits().hits();
            if (hits.isEmpty()) {
                return all;
            }
            hits.forEach(hit -> all.put(hit.source().id(), hit.source()));
            after = hits.get(hits.size() - 1).sort();
        }
    }
}
