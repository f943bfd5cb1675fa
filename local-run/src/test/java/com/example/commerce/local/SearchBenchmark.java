package com.example.commerce.local;

import com.example.commerce.api.search.ProductReindex;
import com.example.commerce.api.search.ReindexJob;
import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductDocuments;
import com.example.commerce.productindex.ProductIndex;
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
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Not part of the test suite (the name does not end in Test): run by {@code bench/search.sh}. Against the whole
 * local system with {@code BENCH_PRODUCTS} products (default 100,000):
 * <ol>
 *   <li>indexer throughput: one PRODUCT_CREATED event per product is produced while the indexer is paused, then
 *       it drains them; the ceiling is a raw bulk of the same documents (already in memory) through the same
 *       Elasticsearch client, 500 per request, into a fresh index;</li>
 *   <li>a full reindex of all products through the admin job;</li>
 *   <li>search latency at 100 queries/s, measured by {@code hey} against the HTTP API.</li>
 * </ol>
 */
@MicronautTest(environments = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LocalApplication.LOCAL})
class SearchBenchmark {

    private static final int PRODUCTS = Integer.parseInt(System.getenv().getOrDefault("BENCH_PRODUCTS", "100000"));
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
    ProductReindex reindex;

    @Inject
    EmbeddedServer server;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    @Test
    void indexerReindexAndSearch() throws Exception {
        String brand = "bench-" + UUID.randomUUID().toString().substring(0, 6);
        List<Long> ids = insertProducts(brand);
        index.ensureExists();

        // 1. The indexer draining a backlog, against a raw bulk of the same documents.
        List<String> indexerConsumers = consumers.getConsumerIds().stream().filter(id -> id.contains("indexer"))
                .toList();
        indexerConsumers.forEach(consumers::pause);
        try (var producer = new KafkaProducer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "acks", "all", "linger.ms", "5"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long id : ids) {
                producer.send(new ProducerRecord<>("catalog-events", utf8(String.valueOf(id)), utf8("""
                        {"eventId":"%s","eventType":"PRODUCT_CREATED","aggregateType":"Product","aggregateId":"%d",
                         "aggregateVersion":1,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                         "payload":{"productId":%d}}""".formatted(UUID.randomUUID(), id, id))));
            }
        }
        double before = indexedDocuments();
        long started = System.nanoTime();
        indexerConsumers.forEach(consumers::resume);
        while (indexedDocuments() - before < PRODUCTS) {
            Thread.sleep(100);
        }
        double indexerRate = PRODUCTS / seconds(started);
        report("indexer: %d catalog events drained in %.1f s = %.0f events/s (indexer consumers: %s)", PRODUCTS,
                seconds(started), indexerRate, indexerConsumers);

        var all = new ArrayList<ProductDocument>();
        for (int from = 0; from < ids.size(); from += 1_000) {
            all.addAll(documents.byIds(ids.subList(from, Math.min(ids.size(), from + 1_000))));
        }
        String raw = index.createConcreteIndex();
        started = System.nanoTime();
        for (int from = 0; from < all.size(); from += 500) {
            index.write(raw, all.subList(from, Math.min(all.size(), from + 500)), false);
        }
        double ceiling = all.size() / seconds(started);
        report("ceiling: raw bulk of the same %d documents, 500 per request: %.1f s = %.0f documents/s", all.size(),
                seconds(started), ceiling);
        report("indexer / ceiling: %.0f%%", 100 * indexerRate / ceiling);

        // 2. A full reindex.
        started = System.nanoTime();
        ReindexJob job = reindex.start();
        while (reindex.find(job.id()).orElseThrow().status() == ReindexJob.Status.RUNNING) {
            Thread.sleep(100);
        }
        job = reindex.find(job.id()).orElseThrow();
        report("full reindex: %s, %d products in %.1f s", job.status(), job.indexed(), seconds(started));

        // 3. Search latency at 100 queries/s.
        String base = "http://127.0.0.1:" + server.getPort() + "/api/search/products?";
        for (String query : new String[] {"q=wireless+keyboard", "q=" + enc("무선 키보드") + "&sort=popular",
                "q=lamp&category=cat-3&minPrice=1000&maxPrice=50000", "category=cat-7&sort=newest&page=3"}) {
            hey(base + query, query);
        }
    }

    private void hey(String url, String label) throws Exception {
        // 4 workers × 25 queries/s for 20 s, after a 5 s warm-up.
        run(List.of("hey", "-z", "5s", "-c", "4", "-q", "25", url));
        String report = run(List.of("hey", "-z", "20s", "-c", "4", "-q", "25", url));
        String summary = report.lines().filter(l -> l.contains("Requests/sec") || l.contains("50% in")
                || l.contains("99% in") || l.matches("\\s*\\[\\d{3}].*")).map(String::trim)
                .reduce((a, b) -> a + "; " + b).orElse(report);
        report("search %s at 100/s for 20 s: %s", label, summary);
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            output = String.join("\n", reader.lines().toList());
        }
        process.waitFor();
        return output;
    }

    private List<Long> insertProducts(String brand) throws Exception {
        var ids = new ArrayList<Long>();
        try (var connection = DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
             var insert = connection.prepareStatement("""
                     INSERT INTO products (name, description, category, brand, price, status, version)
                     SELECT initcap((ARRAY%s)[1 + n %% 10]) || ' ' || (ARRAY%s)[1 + (n / 10) %% 10] || ' ' || n,
                            'Benchmark product ' || n, 'cat-' || n %% 20, ?, 100 * (1 + n %% 1000), 'ACTIVE', 1
                     FROM generate_series(1, ?) AS n RETURNING id""".formatted(array(), array()))) {
            insert.setString(1, brand);
            insert.setInt(2, PRODUCTS);
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

    private static void report(String format, Object... args) {
        System.out.println("BENCH " + String.format(format, args));
    }
}
