package com.example.commerce.local;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.example.commerce.api.search.ReindexJobs;
import com.example.commerce.api.search.ReindexJob;
import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductDocuments;
import com.example.commerce.productindex.ProductIndex;
import com.example.commerce.testsupport.load.HttpLoad;
import com.example.commerce.testsupport.load.Latencies;
import com.example.commerce.testsupport.load.OpenLoop;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.configuration.kafka.ConsumerRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A benchmark, not part of the test suite (tagged {@code benchmark}): run by {@code bench/search.sh}. Against the whole
 * local system with {@code BENCH_PRODUCTS} products (default 100,000):
 * <ol>
 *   <li>indexer throughput: one event per product is produced while the indexer is paused, then it drains them;
 *       the ceiling is a raw bulk of the same documents (read beforehand) through the same Elasticsearch client,
 *       500 per request, into an index of its own. A fifth as many warm-up products go through both paths first;
 *       round 1 creates every document, round 2 overwrites every one;</li>
 *   <li>search latency at a constant 100 queries/s against the HTTP API, on the index the indexer built: four
 *       queries each repeated, then a different query every time;</li>
 *   <li>a full reindex of all products through the admin job.</li>
 * </ol>
 */
// Not in a test transaction: the reindex job it starts is run by indexer-fn's worker, which must see it committed.
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL},
        transactional = false)
@Tag("benchmark")
class SearchBenchmark {

    private static final int PRODUCTS = Integer.parseInt(System.getenv().getOrDefault("BENCH_PRODUCTS", "100000"));
    private static final int INSERT_CHUNK = 5_000;
    private static final int BULK_SIZE = 500; // the indexer's default bulk-size
    private static final int QUERIES_PER_SECOND = 100;
    private static final int SEARCH_SECONDS = 30;
    private static final int CLIENT_WARM_UP_SECONDS = 3;
    private static final boolean SAME_JVM_CLIENT = "same-jvm".equals(System.getenv("BENCH_SEARCH_CLIENT"));
    private static final int P99_CEILING_MS = 20; // the goal of every search phase (BENCHMARKS.md)
    private static final String[] WORDS = {"wireless", "keyboard", "mouse", "lamp", "notebook", "pen", "무선",
            "키보드", "책상", "의자"};

    @Inject
    DataSource dataSource;

    @Inject
    ConsumerRegistry consumers;

    @Inject
    MeterRegistry meters;

    @Inject
    ProductDocuments documents;

    @Inject
    ProductIndex index;

    @Inject
    ReindexJobs reindex;

    @Inject
    EmbeddedServer server;

    @Inject
    ElasticsearchClient elasticsearch;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4, runnable -> {
                var thread = new Thread(runnable, "bench-http");
                thread.setDaemon(true);
                return thread;
            })).build();

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    @Value("${elasticsearch.http-hosts}")
    String elasticsearchHosts;

    @Test
    void indexerReindexAndSearch() throws Exception {
        String brand = "bench-" + UUID.randomUUID().toString().substring(0, 6);
        List<Long> warmUp = insertProducts(brand, 1_000_001, PRODUCTS / 5);
        List<Long> ids = insertProducts(brand, 1, PRODUCTS);
        index.ensureExists();
        String raw = index.createConcreteIndex();

        // 1. The indexer draining a backlog, against a raw bulk of the same documents into an index of its own. Both
        //    paths first write the warm-up products once, so that neither pays for cold code (here or in
        //    Elasticsearch) in its figure. Round 1 creates the documents, round 2 (after the searches) overwrites
        //    them all.
        drain(warmUp, "PRODUCT_CREATED");
        bulk(raw, read(warmUp));
        indexerRound(1, "PRODUCT_CREATED", ids, raw);

        // 2. Search latency at a constant rate, on the index the indexer built, once Elasticsearch has finished
        //    merging. A mix of all queries warms up first (and a client in its own JVM warms itself up for a few
        //    seconds before each phase).
        awaitNoMerges();
        String base = "http://127.0.0.1:" + server.getPort() + "/api/search/products?";
        List<URI> queries = Stream.of("q=wireless+keyboard", "q=" + enc("무선 키보드") + "&sort=popular",
                "q=lamp&category=cat-3&minPrice=1000&maxPrice=50000", "category=cat-7&sort=newest&page=3")
                .map(query -> URI.create(base + query)).toList();
        if (SAME_JVM_CLIENT) {
            for (URI query : queries) {
                atConstantRate(query, Duration.ofSeconds(5));
            }
        } else {
            atConstantRate(queries, Duration.ofSeconds(5L * queries.size())); // the mix, in one client
        }
        for (URI query : queries) {
            report("search %s at %d/s for %d s: %s", query.getRawQuery(), QUERIES_PER_SECOND, SEARCH_SECONDS,
                    atConstantRate(query, Duration.ofSeconds(SEARCH_SECONDS)));
        }
        // The same query repeated lets Elasticsearch's request cache answer its facets (a size-0 request); a
        // different query every time (two words, a category and a price range) is never answered from it.
        List<URI> varied = variedQueries(base, SEARCH_SECONDS * QUERIES_PER_SECOND);
        report("search, a different query each time (q=<two words>&category=<c>&minPrice=<p>, %d distinct) at %d/s "
                + "for %d s: %s", varied.stream().distinct().count(), QUERIES_PER_SECOND, SEARCH_SECONDS,
                atConstantRate(varied, Duration.ofSeconds(SEARCH_SECONDS)));

        // 1 again: every product updated, so that every document is overwritten.
        bumpVersions(brand);
        indexerRound(2, "PRODUCT_UPDATED", ids, raw);
        index.delete(Set.of(raw));

        // 3. A full reindex.
        long started = System.nanoTime();
        ReindexJob job = reindex.start();
        while (reindex.find(job.id()).orElseThrow().status() == ReindexJob.Status.RUNNING) {
            Thread.sleep(100);
        }
        job = reindex.find(job.id()).orElseThrow();
        report("full reindex: %s, %d products in %.1f s", job.status(), job.indexed(), seconds(started));

        long hold = Long.parseLong(System.getenv().getOrDefault("BENCH_HOLD_SECONDS", "0"));
        if (hold > 0) { // to look around: the system stays up this long
            report("holding for %d s: API %s, Elasticsearch %s", hold, base, elasticsearchHosts);
            Thread.sleep(hold * 1000);
        }
    }

    private void indexerRound(int round, String eventType, List<Long> ids, String raw) throws Exception {
        double indexerSeconds = drain(ids, eventType);
        double ceilingSeconds = bulk(raw, read(ids));
        report("round %d (%s): indexer drained %d events in %.1f s = %.0f events/s; raw bulk of the same documents, "
                        + "%d per request, %.1f s = %.0f documents/s; indexer / ceiling %.0f%%", round, eventType,
                ids.size(), indexerSeconds, ids.size() / indexerSeconds, BULK_SIZE, ceilingSeconds,
                ids.size() / ceilingSeconds, 100 * ceilingSeconds / indexerSeconds);
    }

    /** Produces one event per product while the indexer is paused; seconds from resuming until all are indexed. */
    private double drain(List<Long> productIds, String eventType) throws Exception {
        List<String> indexerConsumers = consumers.getConsumerIds().stream().filter(id -> id.contains("indexer"))
                .toList();
        double before = indexedDocuments();
        indexerConsumers.forEach(consumers::pause);
        while (!indexerConsumers.stream().allMatch(consumers::isPaused)) {
            Thread.sleep(10);
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "acks", "all", "linger.ms", "5"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long id : productIds) {
                producer.send(new ProducerRecord<>("catalog-events", utf8(String.valueOf(id)), utf8("""
                        {"eventId":"%s","eventType":"%s","aggregateType":"Product","aggregateId":"%d",
                         "aggregateVersion":1,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                         "payload":{"productId":%d}}""".formatted(UUID.randomUUID(), eventType, id, id))));
            }
        }
        long started = System.nanoTime();
        indexerConsumers.forEach(consumers::resume);
        while (indexedDocuments() - before < productIds.size()) {
            Thread.sleep(50);
        }
        return seconds(started);
    }

    /** What an update of every product does to the database: a new version, so that every document is rewritten. */
    private void bumpVersions(String brand) throws Exception {
        try (var connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             var update = connection.prepareStatement(
                     "UPDATE products SET version = version + 1, updated_at = now() WHERE brand = ?")) {
            update.setString(1, brand);
            update.executeUpdate();
        }
    }

    private List<ProductDocument> read(List<Long> productIds) {
        var read = new ArrayList<ProductDocument>();
        for (int from = 0; from < productIds.size(); from += 1_000) {
            read.addAll(documents.byIds(productIds.subList(from, Math.min(productIds.size(), from + 1_000))));
        }
        return read;
    }

    /** Writes the documents into {@code concreteIndex}, {@value #BULK_SIZE} per bulk request; seconds taken. */
    private double bulk(String concreteIndex, List<ProductDocument> all) {
        long started = System.nanoTime();
        for (int from = 0; from < all.size(); from += BULK_SIZE) {
            index.write(concreteIndex, all.subList(from, Math.min(all.size(), from + BULK_SIZE)), false);
        }
        return seconds(started);
    }

    private void awaitNoMerges() throws Exception {
        elasticsearch.indices().refresh();
        while (elasticsearch.indices().stats(s -> s.metric("merge")).all().total().merges().current() > 0) {
            Thread.sleep(200);
        }
    }

    /**
     * Sends one request every 1/{@value #QUERIES_PER_SECOND} s, whether or not earlier ones have answered (an open
     * workload: users do not wait for each other), and times each from the moment it was due, so that a stall
     * shows in the latency of every request it delayed instead of hiding them.
     */
    private String atConstantRate(URI uri, Duration duration) throws Exception {
        return atConstantRate(List.of(uri), duration);
    }

    /**
     * As {@link #atConstantRate(URI, Duration)}, request i asking {@code uris[i % size]}. The client runs in a JVM of
     * its own (test-support's {@link HttpLoad}, as {@code bench/order-api.sh} drives the local run), so that its
     * garbage and its threads are not the system's; {@code BENCH_SEARCH_CLIENT=same-jvm} runs it in the system's JVM,
     * as the search figures before 2026-11-29 were taken.
     */
    private String atConstantRate(List<URI> uris, Duration duration) throws Exception {
        if (SAME_JVM_CLIENT) {
            return inThisJvm(uris, duration);
        }
        Path urls = Files.createTempFile("search-benchmark", ".urls");
        try {
            Files.write(urls, uris.stream().map(URI::toString).toList());
            Process client = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-Dhttpload.warmup-seconds=" + CLIENT_WARM_UP_SECONDS,
                    "-cp", System.getProperty("java.class.path"), HttpLoad.class.getName(), "open",
                    String.valueOf(QUERIES_PER_SECOND), String.valueOf(duration.toSeconds()), "@" + urls, "GET", "200",
                    String.valueOf(P99_CEILING_MS)).redirectErrorStream(true).start();
            String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            client.waitFor();
            return output.lines().filter(line -> line.startsWith("LOAD ")).map(line -> line.substring(5)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the load generator printed no result: " + output));
        } finally {
            Files.delete(urls);
        }
    }

    private String inThisJvm(List<URI> uris, Duration duration) {
        int total = (int) (duration.toSeconds() * QUERIES_PER_SECOND);
        var requests = uris.stream().map(uri -> HttpRequest.newBuilder(uri).GET().build()).toList();
        var latencies = new Latencies(QUERIES_PER_SECOND + " req/s open-loop, " + duration.toSeconds() + " s");
        var failures = new AtomicInteger();
        try (var figures = BenchmarkFigures.of(bootstrapServers, dataSource)) {
            OpenLoop.run(QUERIES_PER_SECOND, total, Duration.ofSeconds(60), (i, due) ->
                    http.sendAsync(requests.get(i % requests.size()), HttpResponse.BodyHandlers.ofByteArray())
                            .whenComplete((response, error) -> {
                                if (error != null || response.statusCode() != 200) {
                                    failures.incrementAndGet();
                                }
                                latencies.recordSince(due);
                            }), figures::backlog, figures::lag);
        }
        return latencies.summary(P99_CEILING_MS) + ", client in the system's JVM, not 200: " + failures.get();
    }

    /** Text queries of two of the catalog's words, each with a category and a minimum price: all different. */
    private static List<URI> variedQueries(String base, int count) {
        var random = new java.util.Random(20);
        var uris = new ArrayList<URI>();
        for (int i = 0; i < count; i++) {
            uris.add(URI.create(base + "q=" + enc(WORDS[random.nextInt(WORDS.length)] + " "
                    + WORDS[random.nextInt(WORDS.length)]) + "&category=cat-" + random.nextInt(20) + "&minPrice="
                    + 100 * (1 + random.nextInt(1000))));
        }
        return uris;
    }

    /** Inserts in statements of {@value #INSERT_CHUNK} rows: the pool's connections run under the API's statement timeout. */
    private List<Long> insertProducts(String brand, int first, int count) throws Exception {
        var ids = new ArrayList<Long>();
        for (int start = first; start < first + count; start += INSERT_CHUNK) {
            ids.addAll(insertChunk(brand, start, Math.min(INSERT_CHUNK, first + count - start)));
        }
        return ids;
    }

    private List<Long> insertChunk(String brand, int first, int count) throws Exception {
        var ids = new ArrayList<Long>();
        try (var connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             var insert = connection.prepareStatement("""
                     INSERT INTO products (name, description, category, brand, price, status, version)
                     SELECT initcap((ARRAY%s)[1 + n %% 10]) || ' ' || (ARRAY%s)[1 + (n / 10) %% 10] || ' ' || n,
                            'Benchmark product ' || n, 'cat-' || n %% 20, ?, 100 * (1 + n %% 1000), 'ACTIVE', 1
                     FROM generate_series(?, ?) AS n RETURNING id""".formatted(array(), array()))) {
            insert.setString(1, brand);
            insert.setInt(2, first);
            insert.setInt(3, first + count - 1);
            try (var rows = insert.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        return ids;
    }

    private static String array() {
        var quoted = new ArrayList<String>();
        for (String word : WORDS) {
            quoted.add("'" + word + "'");
        }
        return "[" + String.join(",", quoted) + "]";
    }

    private double indexedDocuments() {
        var counter = meters.find("indexer.documents").counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /** A result line, with the UTC time it ended at: to line it up with garbage-collection and server logs. */
    private static void report(String format, Object... args) {
        System.out.println("BENCH " + LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS) + " "
                + String.format(format, args));
    }
}
