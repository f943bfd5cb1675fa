package com.example.commerce.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.json.JsonData;
import com.example.commerce.messageindex.MessageIndex;
import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.testsupport.load.Latencies;
import com.example.commerce.testsupport.load.OpenLoop;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A benchmark, not part of the test suite (tagged {@code benchmark}): run by {@code bench/messages.sh}. The whole
 * local system in one process. One author posts messages open-loop at {@code BENCH_RATE}/s (default 100) for
 * {@code BENCH_SECONDS} (default 60) after a 10 s warm-up, in turn into {@code BENCH_CHANNELS} (default 10) channels,
 * each message mentioning one of the channel's two other members; at the same time a member searches the messages
 * open-loop at {@code BENCH_SEARCH_RATE}/s (default: the post rate). Every latency is taken from the instant the
 * operation was due, into an HdrHistogram:
 * <ul>
 *   <li>the POST and the search requests (the write side against the read side at the same rate);</li>
 *   <li>post → searchable: when the message's document first answers a search of the index the search API reads
 *   (polled every 20 ms, so figures are up to 20 ms late);</li>
 *   <li>post → mention on the stream: when the mentioned member's open {@code GET /api/notifications/stream}
 *   delivers the MENTION.</li>
 * </ul>
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
@Tag("benchmark")
class MessageLatencyBenchmark {

    private static final int RATE = Integer.parseInt(System.getenv().getOrDefault("BENCH_RATE", "100"));
    private static final int SEARCH_RATE = Integer.parseInt(System.getenv().getOrDefault("BENCH_SEARCH_RATE",
            String.valueOf(RATE)));
    private static final int SECONDS = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "60"));
    private static final int CHANNELS = Integer.parseInt(System.getenv().getOrDefault("BENCH_CHANNELS", "10"));
    private static final double SEARCHABLE_GOAL_MILLIS = 1_000;
    private static final double STREAM_GOAL_MILLIS = 300;
    private static final Pattern MESSAGE_ID = Pattern.compile("^\\{\"id\":(\\d+)");
    private static final Pattern MENTIONED_MESSAGE = Pattern.compile("\"messageId\":(\\d+)");
    /**
     * At most this many of the messages not found yet are asked for in one poll, the oldest first. Newer ones wait for
     * their turn, and may be noted later than they became searchable: only with more than 5,000 messages behind,
     * far past every goal.
     */
    private static final int SAMPLED_PER_POLL = 5_000;
    private static final String[] WORDS = {"배포", "release", "회의", "deploy", "검토", "review", "일정", "budget"};

    @Inject
    ApiClient api;

    @Inject
    EmbeddedServer server;

    @Inject
    DataSource dataSource;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    @Inject
    ElasticsearchClient elasticsearch;

    @Inject
    MessageIndex messageIndex;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private record Member(String username, String token) {
    }

    private record Channel(long id, List<Member> members) {
    }

    /** What a run measured; the maps hold each message's due instant (System.nanoTime) by message id. */
    private record Run(Map<Long, Long> dueByMessage, Latencies post, Latencies search, Map<String, Integer> failures) {
    }

    @Test
    void postToSearchableAndToTheMentionOnTheStream() throws Exception {
        String prefix = "b" + UUID.randomUUID().toString().substring(0, 6);
        String author = prefix + "author";
        api.signUp(author, "password1");
        String authorToken = api.login(author, "password1");
        var channels = new ArrayList<Channel>();
        for (int c = 0; c < CHANNELS; c++) {
            long channel = api.send(HttpRequest.POST("/api/channels", Map.of("name", prefix + "-" + c,
                    "private", false)), authorToken).id();
            var members = new ArrayList<Member>();
            for (int m = 0; m < 2; m++) {
                String username = prefix + "c" + c + "m" + m;
                api.signUp(username, "password1");
                var member = new Member(username, api.login(username, "password1"));
                assertEquals(200, api.send(HttpRequest.POST("/api/channels/" + channel + "/join", ""),
                        member.token()).status());
                members.add(member);
            }
            channels.add(new Channel(channel, members));
        }

        var streamed = new ConcurrentHashMap<Long, Long>(); // message id -> arrival (nanoTime)
        var open = new AtomicBoolean(true);
        var streams = new ArrayList<CompletableFuture<?>>();
        for (Channel channel : channels) {
            for (Member member : channel.members()) {
                streams.add(listen(member.token(), streamed, open));
            }
        }
        var searchable = new ConcurrentHashMap<Long, Long>();
        var pending = new ConcurrentSkipListSet<Long>(); // posted, not found by a search yet
        Thread sampler = daemon(() -> sample(channels, searchable, pending, open));

        run(authorToken, channels.get(0).members().get(0).token(), channels, pending, RATE * 10); // warm-up
        Run measured = run(authorToken, channels.get(0).members().get(0).token(), channels, pending,
                RATE * SECONDS);

        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((!searchable.keySet().containsAll(measured.dueByMessage().keySet())
                || !streamed.keySet().containsAll(measured.dueByMessage().keySet())) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        open.set(false);
        sampler.join(1_000);
        streams.forEach(stream -> stream.cancel(true));

        var toSearchable = new Latencies("post due -> searchable");
        var toStream = new Latencies("post due -> MENTION on the stream");
        measured.dueByMessage().forEach((message, due) -> {
            Long seen = searchable.get(message);
            if (seen != null) {
                toSearchable.recordNanos(seen - due);
            }
            Long arrived = streamed.get(message);
            if (arrived != null) {
                toStream.recordNanos(arrived - due);
            }
        });
        long stored = Sql.of(dataSource).count("SELECT count(*) FROM messages WHERE author_id = "
                + "(SELECT id FROM users WHERE username = ?)", author);
        System.out.printf("BENCH messages at %d posts/s and %d searches/s open-loop for %d s over %d channels "
                        + "(failed requests: %s): %d posted (%d stored with the warm-up), %d searchable, %d streamed%n",
                RATE, SEARCH_RATE, SECONDS, CHANNELS, measured.failures(), measured.dueByMessage().size(), stored,
                toSearchable.count(), toStream.count());
        System.out.println("BENCH   " + toSearchable.summary(SEARCHABLE_GOAL_MILLIS));
        System.out.println("BENCH   " + toStream.summary(STREAM_GOAL_MILLIS));
        System.out.println("BENCH   " + measured.post().summary());
        System.out.println("BENCH   " + measured.search().summary());
    }

    /** Posts {@code count} messages open-loop at RATE/s and searches at SEARCH_RATE/s over the same span. */
    private Run run(String authorToken, String searcherToken, List<Channel> channels, Set<Long> pending, int count)
            throws Exception {
        String base = "http://127.0.0.1:" + server.getPort();
        var dueByMessage = new ConcurrentHashMap<Long, Long>();
        var post = new Latencies("POST /api/channels/{id}/messages (from due)");
        var search = new Latencies("GET /api/messages/search?q= (from due)");
        var failures = new ConcurrentHashMap<String, Integer>();
        int searches = (int) ((long) count * SEARCH_RATE / RATE);
        var figures = BenchmarkFigures.of(bootstrapServers, dataSource);
        Thread searching = daemon(() -> OpenLoop.run(SEARCH_RATE, searches, Duration.ofSeconds(30),
                (i, due) -> {
                    String q = URLEncoder.encode(WORDS[i % WORDS.length], StandardCharsets.UTF_8);
                    var request = java.net.http.HttpRequest.newBuilder(URI.create(base
                            + "/api/messages/search?size=20&q=" + q)).header("authorization", "Bearer "
                            + searcherToken).build();
                    return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((answer, e) -> {
                        if (e != null || answer.statusCode() != 200) {
                            failures.merge("search " + (e != null ? cause(e) : answer.statusCode()), 1, Integer::sum);
                        } else {
                            search.recordSince(due);
                        }
                    });
                }, figures::backlog, figures::lag));
        OpenLoop.run(RATE, count, Duration.ofSeconds(30), (i, due) -> {
            Channel channel = channels.get(i % channels.size());
            Member mentioned = channel.members().get((i / channels.size()) % channel.members().size());
            String content = "@" + mentioned.username() + " " + WORDS[i % WORDS.length] + " "
                    + WORDS[(i + 3) % WORDS.length] + " #" + i;
            var request = java.net.http.HttpRequest.newBuilder(URI.create(base + "/api/channels/" + channel.id()
                            + "/messages")).header("content-type", "application/json")
                    .header("authorization", "Bearer " + authorToken)
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(api.json(Map.of("content", content))))
                    .build();
            return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((answer, e) -> {
                var id = answer == null ? null : MESSAGE_ID.matcher(answer.body());
                if (e != null || answer.statusCode() != 201 || !id.find()) {
                    failures.merge("post " + (e != null ? cause(e) : answer.statusCode()), 1, Integer::sum);
                    return;
                }
                post.recordSince(due);
                long message = Long.parseLong(id.group(1));
                dueByMessage.put(message, due);
                pending.add(message);
            });
        }, figures::backlog, figures::lag);
        searching.join();
        figures.close();
        return new Run(dueByMessage, post, search, Map.copyOf(failures));
    }

    private static String cause(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName();
    }

    private static Thread daemon(Runnable work) {
        var thread = new Thread(work);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Holds a member's notification stream open, noting when each MENTION arrives. */
    private CompletableFuture<?> listen(String token, Map<Long, Long> streamed, AtomicBoolean open) {
        var request = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort()
                + "/api/notifications/stream")).header("authorization", "Bearer " + token)
                .header("accept", "text/event-stream").build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAcceptAsync(answer -> {
            try (Stream<String> lines = answer.body()) {
                lines.takeWhile(line -> open.get()).filter(line -> line.startsWith("data:")).forEach(line -> {
                    long arrived = System.nanoTime();
                    var id = MENTIONED_MESSAGE.matcher(line);
                    if (id.find()) {
                        streamed.putIfAbsent(Long.parseLong(id.group(1)), arrived);
                    }
                });
            }
        }, MessageLatencyBenchmark::daemon);
    }

    /**
     * Polls the index the search API reads every 20 ms for the messages posted and not found yet, and for any newer
     * one (a document may become searchable before its POST is answered), noting when each is first found. Each
     * answer holds only documents not seen before: the sampler's own cost follows the pipeline's backlog, never the
     * history of the run. (It used to ask for every document from the oldest one not found yet, up to 10,000 of them
     * every 20 ms: once one partition fell behind, that was most of the run, over and over, in the same JVM and
     * Elasticsearch as the system measured.)
     */
    private void sample(List<Channel> channels, Map<Long, Long> searchable, NavigableSet<Long> pending,
                        AtomicBoolean open) {
        List<FieldValue> ids = channels.stream().map(c -> FieldValue.of(c.id())).toList();
        long newest = Sql.of(dataSource).count("SELECT coalesce(max(id), 0) FROM messages");
        while (open.get()) {
            pending.removeIf(searchable::containsKey); // found before its POST was answered
            List<FieldValue> waiting = pending.stream().limit(SAMPLED_PER_POLL).map(FieldValue::of).toList();
            long above = pending.isEmpty() ? newest : Math.max(newest, pending.last());
            try {
                var answer = elasticsearch.search(s -> s.index(messageIndex.alias())
                                .size(Math.min(10_000, waiting.size() + 1_000)).source(source -> source.fetch(false))
                                .query(q -> q.bool(b -> b.filter(f -> f.terms(t -> t.field("channelId")
                                                .terms(v -> v.value(ids))))
                                        .minimumShouldMatch("1")
                                        .should(sh -> sh.terms(t -> t.field("id").terms(v -> v.value(waiting))))
                                        .should(sh -> sh.range(r -> r.untyped(u -> u.field("id")
                                                .gt(JsonData.of(above))))))),
                        Void.class);
                long now = System.nanoTime();
                for (var hit : answer.hits().hits()) {
                    long id = Long.parseLong(hit.id());
                    searchable.putIfAbsent(id, now);
                    pending.remove(id);
                    newest = Math.max(newest, id);
                }
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // The index may not exist before the first message: try again.
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
