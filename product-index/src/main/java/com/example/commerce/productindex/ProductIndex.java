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
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>{@code name} and {@code description} are analysed twice: for English and any language without morphology
 * (the standard analyzer, the fields themselves) and for Korean ({@code name.ko}, {@code description.ko}: the
 * {@code korean} analyzer of the analysis-nori plugin). Creating an index therefore needs analysis-nori on the cluster.
 *
 * <p>The highlighted fields ({@code name}, {@code name.ko}) keep their offsets in the postings
 * ({@code index_options: offsets}) and the index highlights without Lucene's weight matches: the highlighter then
 * reads where each word is from the index instead of analysing every hit's text again into a one-document in-memory
 * index, which was most of what a text query allocated in Elasticsearch (BENCHMARKS.md, "Highlighting from the
 * postings"). An index created before keeps highlighting the old way until a reindex moves it.
 */
@Singleton
public class ProductIndex {

    public static final String DEFAULT_ALIAS = "products";
    private static final DateTimeFormatter SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")
            .withZone(ZoneOffset.UTC);
    private static final String VERSION_CONFLICT = "version_conflict_engine_exception";
    private static final Logger LOG = LoggerFactory.getLogger(ProductIndex.class);
    /** The multi-field with Korean analysis on name and description. */
    public static final String KOREAN = "ko";

    private final ElasticsearchClient client;
    private final String alias;
    private final String definition;

    public ProductIndex(ElasticsearchClient client, @Value("${commerce.search.alias:products}") String alias) {
        this(client, alias, definition());
    }

    /** With another index definition than {@code product-index.json}: for tests only. */
    ProductIndex(ElasticsearchClient client, String alias, String definition) {
        this.client = client;
        this.alias = alias;
        this.definition = definition;
    }

    private static String definition() {
        try (InputStream in = ProductIndex.class.getResourceAsStream("/product-index.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("product-index.json cannot be read", e);
        }
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

    /**
     * Adds the top-level fields the mapping gained to the alias's indices. A field's analysis cannot change in place
     * (nor can an open index gain analyzers): an index created before the Korean multi-fields keeps working without
     * them, and a reindex moves it to the current mapping.
     */
    private void addNewFields() throws IOException {
        JsonObject properties;
        try (JsonReader reader = Json.createReader(new StringReader(definition))) {
            properties = reader.readObject().getJsonObject("mappings").getJsonObject("properties");
        }
        var existing = client.indices().getMapping(g -> g.index(alias)).result();
        var missing = Json.createObjectBuilder();
        boolean anyMissing = false;
        for (var entry : existing.entrySet()) {
            var fields = entry.getValue().mappings().properties();
            for (String field : properties.keySet()) {
                if (!fields.containsKey(field)) {
                    missing.add(field, properties.get(field));
                    anyMissing = true;
                }
            }
            var name = fields.get("name");
            if (name != null && name.isText() && !name.text().fields().containsKey(KOREAN)) {
                LOG.warn("Index {} predates the Korean analysis of name and description; Korean queries match "
                        + "only whole words there until a reindex (POST /api/admin/reindex/products) moves it to the "
                        + "current mapping", entry.getKey());
            }
        }
        if (anyMissing) {
            String mappings = Json.createObjectBuilder().add("properties", missing).build().toString();
            client.indices().putMapping(m -> m.index(alias).withJson(new StringReader(mappings)));
        }
    }

    /** A new, empty concrete index with the mapping; its name is returned. */
    public String createConcreteIndex() {
        String name = alias + "-" + SUFFIX.format(Clock.systemUTC().instant());
        createConcreteIndex(name);
        return name;
    }

    private void createConcreteIndex(String name) {
        try {
            client.indices().create(c -> c.index(name).withJson(new StringReader(definition)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create index " + name + ": " + e.getMessage(), e);
        } catch (ElasticsearchException e) {
            String reason = e.error().reason();
            if (reason != null && reason.matches("(?s).*Unknown (tokenizer|filter) type \\[nori_.*")) {
                throw new MissingAnalysisPluginException(name, reason, e);
            }
            throw e;
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
        try {
            var response = OneBufferBulk.send(client, bulkRequest(index, documents, refresh));
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

    /**
     * The product index's hot path for a SnapStart priming, changing no index: the bulk request that
     * {@link #write(Collection)} would send for {@code documents} is built as it builds it and serialized to its
     * NDJSON body as it serializes it, but not sent; then the alias's documents are counted (a read), so that the
     * HTTP client and the reading of a response run too. The count is sent with {@code Connection: close}: its
     * connection is closed after the response instead of going back to the client's pool, where, held by a
     * snapshot, it would be a dead socket in every instance restored from it.
     *
     * @return the size of the bulk request's body, in bytes
     */
    public int rehearseWrite(Collection<ProductDocument> documents) {
        var body = new ByteArrayOutputStream();
        OneBufferBulk.ndJson(bulkRequest(alias, documents, false), client._jsonpMapper(), body);
        try {
            client.withTransportOptions(options -> options.addHeader("Connection", "close"))
                    .count(c -> c.index(alias).ignoreUnavailable(true).allowNoIndices(true));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot count the documents of " + alias + ": " + e.getMessage(), e);
        }
        return body.size();
    }

    private BulkRequest bulkRequest(String index, Collection<ProductDocument> documents, boolean refresh) {
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
        return bulk.build();
    }

    private static String describe(BulkResponseItem item) {
        return item.id() + ": " + item.error().type() + " " + item.error().reason();
    }
}
