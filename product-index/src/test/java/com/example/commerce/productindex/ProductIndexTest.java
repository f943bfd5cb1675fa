package com.example.commerce.productindex;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.mapping.IndexOptions;
import com.example.commerce.elasticsearch.ElasticsearchApi;
import com.example.commerce.messageindex.MessageIndex;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The product index against the real (embedded) Elasticsearch, under an alias of this test's own. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductIndexTest implements TestPropertyProvider {

    private final String alias = "products-test-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    ProductIndex index;

    @Inject
    ElasticsearchClient client;

    @Inject
    ElasticsearchApi elasticsearch;

    @Inject
    MessageIndex messageIndex;

    @Inject
    HttpAsyncClientBuilder httpClientBuilder;

    @Inject
    RestClient restClient;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("commerce.search.alias", alias);
    }

    @AfterAll
    void dropIndices() throws IOException {
        for (String concrete : client.indices().get(g -> g.index(alias + "-*")).result().keySet()) {
            client.indices().delete(d -> d.index(concrete));
        }
    }

    private static ProductDocument product(long id, String name, String status, long likes, long version) {
        return product(id, name, status, likes, version, 0);
    }

    private static ProductDocument product(long id, String name, String status, long likes, long version,
                                           long metricsRevision) {
        String at = "2026-11-21T10:00:00Z";
        return new ProductDocument(id, name, "", "books", "acme", 1_000, status, at, at, likes, 0, 0, 0, version,
                metricsRevision, null, 0);
    }

    private ProductDocument stored(long id) throws IOException {
        var response = client.get(g -> g.index(alias).id(String.valueOf(id)), ProductDocument.class);
        return response.found() ? response.source() : null;
    }

    /**
     * What keeps highlighting cheap (BENCHMARKS.md, "Highlighting from the postings"): offsets in the postings of the
     * highlighted fields, and no weight matches, so that the highlighter reads offsets instead of analysing each hit
     * again. Both hold for a new product index and a new messages index.
     */
    @Test
    void highlightedFieldsKeepOffsetsAndTheIndexHighlightsWithoutWeightMatches() throws Exception {
        index.ensureExists();
        String messages = messageIndex.createConcreteIndex("highlight-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            var products = client.indices().getMapping(g -> g.index(alias)).result().values().iterator().next()
                    .mappings().properties().get("name").text();
            assertEquals(IndexOptions.Offsets, products.indexOptions());
            assertEquals(IndexOptions.Offsets, products.fields().get(ProductIndex.KOREAN).text().indexOptions());
            var content = client.indices().getMapping(g -> g.index(messages)).result().get(messages).mappings()
                    .properties().get("content").text();
            assertEquals(IndexOptions.Offsets, content.indexOptions());
            assertEquals(IndexOptions.Offsets, content.fields().get(ProductIndex.KOREAN).text().indexOptions());
            var created = new ArrayList<>(index.concreteIndices());
            created.add(messages);
            for (String concrete : created) {
                String settings = get("/" + concrete + "/_settings/index.highlight.*?flat_settings=true");
                assertTrue(settings.contains("\"index.highlight.weight_matches_mode.enabled\":\"false\""),
                        concrete + ": " + settings);
            }
        } finally {
            client.indices().delete(d -> d.index(messages));
        }
    }

    /** BasicAuthCache deserialised a scheme on every request (ElasticsearchHttpClientSettings): the cache is off. */
    @Test
    void theElasticsearchHttpClientKeepsNoAuthenticationCache() throws Exception {
        var field = HttpAsyncClientBuilder.class.getDeclaredField("authCachingDisabled");
        field.setAccessible(true);
        assertTrue((boolean) field.get(httpClientBuilder));
    }

    /** A setting the typed client does not model, as Elasticsearch returns it. */
    private String get(String path) throws IOException {
        return EntityUtils.toString(restClient.performRequest(new Request("GET", path)).getEntity());
    }

    @Test
    void olderVersionsNeverOverwriteNewerOnesButMetricsOfTheSameVersionDo() throws IOException {
        index.ensureExists();
        index.ensureExists();
        assertEquals(Set.of(alias + "-initial"), index.concreteIndices());

        index.write(alias, List.of(product(1, "Second edition", "ACTIVE", 0, 2)), true);
        index.write(alias, List.of(product(1, "First edition", "ACTIVE", 0, 1)), true);
        assertEquals("Second edition", stored(1).name(), "a late event of version 1 is ignored");

        index.write(alias, List.of(product(1, "Second edition", "ACTIVE", 5, 2, 1)), true);
        assertEquals(5, stored(1).likeCount(), "same product version, newer metrics");
        index.write(alias, List.of(product(1, "Second edition", "ACTIVE", 4, 2, 0)), true);
        assertEquals(5, stored(1).likeCount(), "a read from before that metrics change does not undo it");

        index.write(alias, List.of(product(1, "Second edition", "INACTIVE", 5, 3, 1)), true);
        assertEquals("INACTIVE", stored(1).status(), "deactivated: kept as a document, which search filters out");
        index.write(alias, List.of(product(1, "Second edition", "ACTIVE", 5, 2, 1)), true);
        assertEquals("INACTIVE", stored(1).status(), "a replay of the older version does not bring it back");
    }

    @Test
    void swappingTheAliasIsAtomicAndDropsTheOldIndex() throws IOException {
        index.ensureExists();
        index.write(alias, List.of(product(10, "Old", "ACTIVE", 0, 1)), true);
        Set<String> before = index.concreteIndices();

        String rebuilt = index.createConcreteIndex();
        index.write(rebuilt, List.of(product(10, "Rebuilt", "ACTIVE", 0, 1)), true);
        Set<String> left = index.swapTo(rebuilt);
        assertEquals(before, left);
        index.delete(left);

        assertEquals(Set.of(rebuilt), index.concreteIndices());
        assertNotEquals(before, index.concreteIndices());
        assertEquals("Rebuilt", stored(10).name());
        for (String old : before) {
            assertFalse(client.indices().exists(e -> e.index(old)).value(), old + " deleted");
        }
        assertTrue(client.indices().exists(e -> e.index(rebuilt)).value());
    }

    @Test
    void anOlderStockVersionNeverReplacesANewerOne() throws IOException {
        index.ensureExists();
        ProductDocument untracked = product(20, "Lamp", "ACTIVE", 0, 1);
        index.write(alias, List.of(untracked), true);
        assertEquals(null, stored(20).available(), "untracked: no available");

        index.write(alias, List.of(stock(untracked, 3L, 4)), true);
        index.write(alias, List.of(stock(untracked, 9L, 3)), true);
        assertEquals(3L, stored(20).available(), "stock version 3 arrived after 4 and was refused");
        assertEquals(4, stored(20).stockVersion());
        assertEquals("Lamp", stored(20).name());

        index.write(alias, List.of(stock(untracked, null, 5)), true);
        assertEquals(null, stored(20).available(), "tracking stopped at version 5");
    }

    @Test
    void anIndexCreatedBeforeTheStockFieldsGainsThem() throws IOException {
        String legacy = "products-legacy-" + UUID.randomUUID().toString().substring(0, 8);
        // The index as it was created before stock: the same definition without available and stockVersion.
        String definition;
        try (var in = ProductIndex.class.getResourceAsStream("/product-index.json")) {
            definition = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String before = definition.replaceAll(",\\s*\"available\":[^}]*}", "")
                .replaceAll(",\\s*\"stockVersion\":[^}]*}", "");
        assertTrue(!before.contains("available") && !before.contains("stockVersion") && before.contains("metricsRevision"));
        client.indices().create(c -> c.index(legacy + "-initial").withJson(new StringReader(before)));
        client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(legacy + "-initial")
                .alias(legacy))));
        try {
            var legacyIndex = new ProductIndex(elasticsearch, legacy);
            legacyIndex.ensureExists();
            var properties = client.indices().getMapping(g -> g.index(legacy)).result().get(legacy + "-initial")
                    .mappings().properties();
            assertTrue(properties.containsKey("available") && properties.containsKey("stockVersion"),
                    properties.keySet()::toString);
            legacyIndex.write(legacy, List.of(stock(product(30, "Chair", "ACTIVE", 0, 1), 2L, 1)), true);
            var stored = client.get(g -> g.index(legacy).id("30"), ProductDocument.class).source();
            assertEquals(2L, stored.available());
        } finally {
            client.indices().delete(d -> d.index(legacy + "-initial"));
        }
    }

    private static ProductDocument stock(ProductDocument product, Long available, long stockVersion) {
        return new ProductDocument(product.id(), product.name(), product.description(), product.category(),
                product.brand(), product.price(), product.status(), product.createdAt(), product.updatedAt(),
                product.likeCount(), product.viewCount(), product.salesCount(), product.totalSalesAmount(),
                product.version(), product.metricsRevision(), available, stockVersion);
    }
}
