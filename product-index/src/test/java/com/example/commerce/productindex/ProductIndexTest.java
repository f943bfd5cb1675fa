package com.example.commerce.productindex;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
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
                metricsRevision);
    }

    private ProductDocument stored(long id) throws IOException {
        var response = client.get(g -> g.index(alias).id(String.valueOf(id)), ProductDocument.class);
        return response.found() ? response.source() : null;
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
}
