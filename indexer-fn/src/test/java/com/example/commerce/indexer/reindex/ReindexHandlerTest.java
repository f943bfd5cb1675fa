package com.example.commerce.indexer.reindex;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import com.example.commerce.testsupport.LambdaContexts;
import com.example.commerce.testsupport.Sql;
import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductDocuments;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reindex function as Lambda runs it: each invocation has little time, so a job takes a chain of invocations,
 * each continuing from the cursor the previous one saved and invoking the function again (here in this process).
 * The chain ends with the index equal to the database, document for document.
 */
class ReindexHandlerTest {

    private static final int PRODUCTS = 300;
    /** Each invocation gets the safety margin plus this: a few pages of {@code page-size} products. */
    private static final int WORKING_MILLIS = 150;
    private static final int SAFETY_MARGIN_MILLIS = 1_000;

    /** The in-process stand-in for "invoke this function again": what was asked, in order. */
    static final LinkedBlockingQueue<UUID> continuations = new LinkedBlockingQueue<>();

    /** Instead of an asynchronous Lambda invocation: the test loop below invokes the handler with the job. */
    static final class InProcessContinuation implements ReindexContinuation {
        @Override
        public void continueLater(UUID jobId) {
            continuations.add(jobId);
        }
    }

    static ReindexHandler handler;
    static Sql sql;

    @BeforeAll
    static void start() {
        System.setProperty("micronaut.environments", "test");
        handler = new ReindexHandler(ApplicationContext.builder()
                .properties(Map.of(
                        "commerce.reindex.page-size", 10,
                        "commerce.reindex.lambda-safety-margin", SAFETY_MARGIN_MILLIS + "ms",
                        "commerce.reindex.resume-after", "5s"))
                .singletons(new InProcessContinuation()));
        sql = Sql.of(handler.getApplicationContext().getBean(DataSource.class));
    }

    @AfterAll
    static void stop() {
        System.clearProperty("micronaut.environments");
        handler.close();
    }

    @Test
    void aChainOfShortInvocationsRebuildsTheIndexEqualToTheDatabase() throws Exception {
        assertTrue(handler.getApplicationContext().getBeanDefinitions(ReindexPoller.class).isEmpty(),
                "on Lambda no local poller runs");
        String brand = "reindex-chain-" + UUID.randomUUID().toString().substring(0, 8);
        execute("""
                INSERT INTO products (name, description, category, brand, price, status, version)
                SELECT 'Chained ' || n, CASE WHEN n % 3 = 0 THEN '' ELSE 'Described ' || n END, 'books', ?, 100 * n,
                       CASE WHEN n % 10 = 0 THEN 'INACTIVE' ELSE 'ACTIVE' END, 1 + n % 4
                FROM generate_series(1, ?) AS n""", brand, PRODUCTS);
        execute("""
                INSERT INTO product_metrics (product_id, like_count, view_count, revision)
                SELECT id, id % 7, id % 11, 2 FROM products WHERE brand = ? AND id % 2 = 0""", brand);
        // Stock as the inventory module writes it: tracked rows, and untracked ones (always available).
        execute("""
                INSERT INTO stock (product_id, tracked, on_hand, reserved, version)
                SELECT id, id % 5 <> 0, 10 + id % 4, id % 3, 1 + id % 6 FROM products WHERE brand = ? AND id % 3 = 0""",
                brand);
        UUID job = UUID.randomUUID();
        execute("INSERT INTO reindex_jobs (id, status) VALUES (?, 'RUNNING')", job);

        // order-api's asynchronous invocation, then every continuation the pieces ask for.
        continuations.clear();
        int invocations = 0;
        var outcomes = new ArrayList<String>();
        UUID next = job;
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        while (next != null && System.nanoTime() < deadline) {
            outcomes.add(handler.handleRequest(Map.of("jobId", next.toString()),
                    LambdaContexts.withRemaining(SAFETY_MARGIN_MILLIS + WORKING_MILLIS)));
            invocations++;
            next = continuations.poll();
        }

        assertEquals("SUCCEEDED", outcomes.get(outcomes.size() - 1), outcomes::toString);
        assertEquals(List.of("SUCCEEDED"), outcomes.stream().filter(o -> !o.equals("PAUSED")).toList(),
                "every invocation but the last paused and handed on");
        assertTrue(invocations >= 3, "the job took " + invocations + " invocations");
        assertEquals(0, continuations.size());
        var row = query("SELECT status || ' ' || phase || ' ' || pieces || ' ' || (indexed = total)"
                + " FROM reindex_jobs WHERE id = ?", job);
        assertEquals("SUCCEEDED DONE " + invocations + " true", row);

        var index = handler.getApplicationContext().getBean(ElasticsearchClient.class);
        index.indices().refresh(r -> r.index("products"));
        assertEquals(database(), indexed(index), "the index after the reindex, compared with the database");
        assertEquals(PRODUCTS, indexed(index).values().stream().filter(p -> p.brand().equals(brand)).count());
        var stocked = indexed(index).values().stream().filter(p -> p.brand().equals(brand) && p.stockVersion() > 0)
                .toList();
        assertEquals(PRODUCTS / 3, stocked.size(), "every product with a stock row");
        for (ProductDocument product : stocked) {
            long id = product.id();
            Long available = id % 5 == 0 ? null : 10 + id % 4 - id % 3;
            assertEquals(available, product.available(), () -> "the reindex keeps the stock of " + id);
            assertEquals(1 + id % 6, product.stockVersion());
        }
    }

    @Test
    void theScheduleResumesAJobWhosePieceWentSilent() throws Exception {
        UUID job = UUID.randomUUID();
        // Claimed by a piece that stopped mid-copy 30 s ago: its continuation never came.
        execute("""
                INSERT INTO reindex_jobs (id, status, claimed_by, heartbeat_at)
                VALUES (?, 'RUNNING', gen_random_uuid(), now() - interval '30 seconds')""", job);

        String outcome = handler.handleRequest(Map.of("source", "aws.events", "detail-type", "Scheduled Event",
                "detail", Map.of()), LambdaContexts.withRemaining(120_000));

        assertEquals("SUCCEEDED", outcome);
        assertEquals("SUCCEEDED", query("SELECT status FROM reindex_jobs WHERE id = ?", job));
        assertEquals("IDLE", handler.handleRequest(Map.of("source", "aws.events"), LambdaContexts.withRemaining(120_000)),
                "nothing left to resume");
    }

    /** Every product as ProductDocuments builds it, by id. */
    private static Map<Long, ProductDocument> database() {
        var documents = handler.getApplicationContext().getBean(ProductDocuments.class);
        var all = new TreeMap<Long, ProductDocument>();
        List<ProductDocument> page;
        long after = 0;
        do {
            page = documents.after(after, 1_000);
            page.forEach(document -> all.put(document.id(), document));
            after = page.isEmpty() ? after : page.get(page.size() - 1).id();
        } while (!page.isEmpty());
        return all;
    }

    /** Every document the alias shows, by id. */
    private static Map<Long, ProductDocument> indexed(ElasticsearchClient client) throws Exception {
        var all = new TreeMap<Long, ProductDocument>();
        List<FieldValue> after = null;
        while (true) {
            List<FieldValue> from = after;
            var response = client.search(s -> {
                s.index("products").size(1_000).sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
                return from == null ? s : s.searchAfter(from);
            }, ProductDocument.class);
            var hits = response.hits().hits();
            if (hits.isEmpty()) {
                return all;
            }
            hits.forEach(hit -> all.put(hit.source().id(), hit.source()));
            after = hits.get(hits.size() - 1).sort();
        }
    }

    private static void execute(String statement, Object... args) {
        sql.execute(statement, args);
    }

    private static String query(String query, Object... args) {
        return sql.list(query, row -> row.getString(1), args).get(0);
    }
}
