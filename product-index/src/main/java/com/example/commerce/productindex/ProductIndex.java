package com.example.commerce.productindex;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import jakarta.json.Json;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The product index: an alias ({@code commerce.search.alias}, default {@value #DEFAULT_ALIAS}) over one concrete
 * index {@code <alias>-<timestamp>} with the explicit mapping in {@code product-index.json}. Readers and writers
 * use the alias only, so a full reindex builds a new concrete index and swaps the alias atomically.
 *
 * <p>Every write carries the document's {@link ProductDocument#indexVersion() index version} (the product's
 * aggregate version plus its metrics revision) as external version ({@code external}): a late or replayed write of
 * older data is refused by Elasticsearch itself, and so is a rewrite of the same version, which is the same state:
 * refusing it costs a version lookup, where rewriting it would leave a deleted document behind that every query
 * reads past until a merge (a reindex's catch-up would otherwise double the index).
 */
@Singleton
public class ProductIndex {

    public static final String DEFAULT_ALIAS = "products";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);
    private static final String VERSION_CONFLICT = "version_conflict_engine_exception";

    private final ElasticsearchClient client;
    private final String alias;

    public ProductIndex(ElasticsearchClient client, @Value("${commerce.search.alias:products}") String alias) {
        this.client = client;
        this.alias = alias;
    }

    public String alias() {
        return alias;
    }

    /**
     * Creates the first concrete index and points the alias at it, unless the alias exists. Idempotent, and safe
     * when several instances start at once: each adds the same alias to the same index. When the alias exists, the
     * fields the mapping gained since its index was created are added to it (a mapping only ever gains fields), so
     * that documents with them are not refused by the strict mapping.
     */
    public void ensureExists() {
        try {
            if (client.indices().existsAlias(e -> e.name(alias)).value()) {
                addNewFields();
                return;
            }
            String first = alias + "-initial";
            try {
                createConcreteIndex(first);
            } catch (ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
            client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(first).alias(alias))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the product index: " + e.getMessage(), e);
        }
    }

    private void addNewFields() throws IOException {
        String mappings;
        try (InputStream definition = ProductIndex.class.getResourceAsStream("/product-index.json");
             JsonReader reader = Json.createReader(definition)) {
            mappings = reader.readObject().getJsonObject("mappings").toString();
        }
        client.indices().putMapping(m -> m.index(alias).withJson(new StringReader(mappings)));
    }

    /** A new, empty concrete index with the mapping; its name is returned. */
    public String createConcreteIndex() {
        String name = alias + "-" + SUFFIX.format(Clock.systemUTC().instant());
        createConcreteIndex(name);
        return name;
    }

    private void createConcreteIndex(String name) {
        try (InputStream definition = ProductIndex.class.getResourceAsStream("/product-index.json")) {
            client.indices().create(c -> c.index(name).withJson(definition));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create index " + name + ": " + e.getMessage(), e);
        }
    }

    /** The concrete indices the alias points at now. */
    public Set<String> concreteIndices() {
        try {
            return client.indices().getAlias(g -> g.name(alias)).result().keySet();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Points the alias at {@code index} only, in one atomic request; returns the indices it left, which the caller
     * deletes once it no longer needs them.
     */
    public Set<String> swapTo(String index) {
        Set<String> previous = concreteIndices();
        try {
            client.indices().updateAliases(u -> {
                previous.forEach(old -> u.actions(a -> a.remove(r -> r.index(old).alias(alias).mustExist(true))));
                return u.actions(a -> a.add(add -> add.index(index).alias(alias).isWriteIndex(true)));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot point " + alias + " at " + index + ": " + e.getMessage(), e);
        }
        var left = new HashSet<>(previous);
        left.remove(index);
        return left;
    }

    public void delete(Set<String> indices) {
        try {
            for (String old : indices) {
                client.indices().delete(d -> d.index(old).ignoreUnavailable(true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + indices + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes through the alias. Every product is upserted whole, INACTIVE ones too (search filters on status): a
     * document, unlike a delete's tombstone, never expires, so a late write of an older ACTIVE state can never
     * bring a deactivated product back.
     */
    public void write(Collection<ProductDocument> documents) {
        write(alias, documents, false);
    }

    /**
     * Writes into {@code index} with one bulk request. Refused writes of older or equal versions are expected and ignored;
     * any other item failure throws, so that the caller retries the whole batch (idempotent by version).
     */
    public void write(String index, Collection<ProductDocument> documents, boolean refresh) {
        if (documents.isEmpty()) {
            return;
        }
        var bulk = new BulkRequest.Builder();
        for (ProductDocument document : documents) {
            bulk.operations(op -> op.index(i -> i.index(index).id(String.valueOf(document.id())).document(document)
                    .version(document.indexVersion()).versionType(VersionType.External)));
        }
        if (index.equals(alias)) {
            // Never let a write auto-create a concrete index named like the alias, which would block the alias.
            bulk.requireAlias(true);
        }
        if (refresh) {
            bulk.refresh(Refresh.WaitFor);
        }
        try {
            var response = client.bulk(bulk.build());
            if (response.errors()) {
                List<String> failures = response.items().stream()
                        .filter(item -> item.error() != null && !VERSION_CONFLICT.equals(item.error().type()))
                        .map(ProductIndex::describe).toList();
                if (!failures.isEmpty()) {
                    throw new IllegalStateException("Bulk write to " + index + " failed for " + failures.size()
                            + " products, e.g. " + failures.get(0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Bulk write to " + index + " failed: " + e.getMessage(), e);
        }
    }

    private static String describe(BulkResponseItem item) {
        return item.id() + ": " + item.error().type() + " " + item.error().reason();
    }
}
