package com.example.commerce.api.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductIndex;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The relevance of product search for Korean, English and mixed queries, against the real (embedded) Elasticsearch
 * with the analysis-nori plugin: a fixed catalog ({@code search/korean-relevance-products.tsv}) in an index of this
 * test's own, and queries with every relevant product ({@code search/korean-relevance-queries.tsv}), run through
 * {@link ProductSearch} as the API runs them. Every relevant product must be in the top 5. It prints precision@5 and
 * recall@5 over the suite, and the same figures for the query over the standard analysis alone (the mapping before
 * Korean analysis), for comparison; BENCHMARKS.md quotes them.
 */
@MicronautTest(environments = "order-api", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KoreanSearchRelevanceTest implements TestPropertyProvider {

    private static final int TOP = 5;
    private static final int MIN_QUERIES = 40;

    private final String alias = "products-relevance-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    ProductIndex index;

    @Inject
    ProductSearch search;

    @Inject
    ElasticsearchClient client;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("commerce.search.alias", alias);
    }

    record Judgement(String query, Set<Long> relevant) {
    }

    record Score(double precision, double recall, boolean allFound) {
    }

    @BeforeAll
    void seed() {
        index.ensureExists();
        String at = "2026-11-01T00:00:00Z";
        var documents = rows("/search/korean-relevance-products.tsv").stream()
                .map(r -> new ProductDocument(Long.parseLong(r[0]), r[1], r[2], "relevance", "relevance", 10_000,
                        ProductDocument.ACTIVE, at, at, 0, 0, 0, 0, 1, 0, null, 0))
                .toList();
        index.write(alias, documents, true);
    }

    @AfterAll
    void dropIndex() throws IOException {
        index.delete(index.concreteIndices());
    }

    @Test
    void everyRelevantProductIsInTheTopFive() throws IOException {
        var judgements = rows("/search/korean-relevance-queries.tsv").stream()
                .map(r -> new Judgement(r[0], Arrays.stream(r[1].split(",")).map(String::trim).map(Long::valueOf)
                        .collect(Collectors.toUnmodifiableSet())))
                .toList();
        assertTrue(judgements.size() >= MIN_QUERIES, "at least " + MIN_QUERIES + " queries");

        var misses = new ArrayList<String>();
        var scores = new ArrayList<Score>();
        var standardOnly = new ArrayList<Score>();
        for (Judgement judgement : judgements) {
            List<Long> top = search.search(new SearchQuery(judgement.query(), null, null, null, null,
                    SearchQuery.Sort.RELEVANCE, false, 1, TOP)).join()
                    .items().stream().map(SearchResult.Item::id).toList();
            Score score = score(judgement, top);
            scores.add(score);
            if (!score.allFound()) {
                misses.add(judgement.query() + " -> " + top + ", expected " + judgement.relevant());
            }
            standardOnly.add(score(judgement, standardAnalysisTop(judgement.query())));
        }

        System.out.printf(Locale.ROOT, "Korean search relevance, %d queries, top %d: with Korean analysis "
                        + "precision@5 %.3f, recall@5 %.3f, %d of %d queries with every relevant product; "
                        + "standard analysis only: precision@5 %.3f, recall@5 %.3f, %d of %d%n",
                judgements.size(), TOP, mean(scores, Score::precision), mean(scores, Score::recall),
                count(scores), scores.size(), mean(standardOnly, Score::precision),
                mean(standardOnly, Score::recall), count(standardOnly), standardOnly.size());
        assertEquals(List.of(), misses, "queries whose relevant products are not all in the top " + TOP);
    }

    /** Precision: the share of the (at most 5) results shown that are relevant; none shown counts 0. */
    private static Score score(Judgement judgement, List<Long> top) {
        long found = top.stream().filter(judgement.relevant()::contains).count();
        double precision = top.isEmpty() ? 0 : (double) found / top.size();
        double recall = (double) found / Math.min(TOP, judgement.relevant().size());
        return new Score(precision, recall, found == Math.min(TOP, judgement.relevant().size()));
    }

    /** The product search's text query as it was before the Korean analysis: the standard-analysed fields only. */
    private List<Long> standardAnalysisTop(String q) throws IOException {
        return client.search(s -> s.index(alias).size(TOP).query(query -> query.multiMatch(m -> m.query(q)
                        .fields("name^2", "description").type(TextQueryType.CrossFields).operator(Operator.And))),
                ProductDocument.class).hits().hits().stream().map(hit -> Long.valueOf(hit.id())).toList();
    }

    private static double mean(List<Score> scores, Function<Score, Double> figure) {
        return scores.stream().mapToDouble(figure::apply).average().orElse(0);
    }

    private static long count(List<Score> scores) {
        return scores.stream().filter(Score::allFound).count();
    }

    private static List<String[]> rows(String resource) {
        try (InputStream in = KoreanSearchRelevanceTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
