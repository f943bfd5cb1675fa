package com.example.commerce.productindex;

import com.example.commerce.elasticsearch.ElasticsearchApi;
import com.example.commerce.elasticsearch.ElasticsearchError;
import com.example.commerce.elasticsearch.VersionedBulk;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.elasticsearch.client.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;

import static com.example.commerce.elasticsearch.ElasticsearchApi.object;

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
    private static final Logger LOG = LoggerFactory.getLogger(ProductIndex.class);
    /** The multi-field with Korean analysis on name and description. */
    public static final String KOREAN = "ko";

    private final ElasticsearchApi elasticsearch;
    private final VersionedBulk<ProductDocument> bulk;
    private final String alias;
    private final String definition;

    @Inject
    public ProductIndex(ElasticsearchApi elasticsearch, @Value("${commerce.search.alias:products}") String alias) {
        this(elasticsearch, alias, definition());
    }

    /** With another index definition than {@code product-index.json}: for tests only. */
    ProductIndex(ElasticsearchApi elasticsearch, String alias, String definition) {
        this.elasticsearch = elasticsearch;
        this.bulk = new VersionedBulk<>(elasticsearch, ProductDocument::id, ProductDocument::indexVersion, "products");
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
        if (elasticsearch.exists("/_alias/" + alias)) {
            addNewFields();
            return;
        }
        String first = alias + "-initial";
        try {
            createConcreteIndex(first);
        } catch (ElasticsearchError e) {
            if (!"resource_already_exists_exception".equals(e.type())) {
                throw e;
            }
        }
        elasticsearch.addAlias(alias, first);
    }

    /**
     * Adds the top-level fields the mapping gained to the alias's indices. A field's analysis cannot change in place
     * (nor can an open index gain analyzers): an index created before the Korean multi-fields keeps working without
     * them, and a reindex moves it to the current mapping.
     */
    private void addNewFields() {
        JsonNode properties = elasticsearch.parse(definition.getBytes(StandardCharsets.UTF_8))
                .get("mappings").get("properties");
        JsonNode existing = elasticsearch.send(elasticsearch.request("GET", "/" + alias + "/_mapping", null));
        var missing = new LinkedHashMap<String, JsonNode>();
        for (var entry : existing.entries()) {
            JsonNode fields = entry.getValue().get("mappings").get("properties");
            for (var field : properties.entries()) {
                if (fields.get(field.getKey()) == null) {
                    missing.put(field.getKey(), field.getValue());
                }
            }
            JsonNode name = fields.get("name");
            JsonNode subFields = name == null ? null : name.get("fields");
            if (name != null && "text".equals(ElasticsearchApi.text(name, "type", "text"))
                    && (subFields == null || subFields.get(KOREAN) == null)) {
                LOG.warn("Index {} predates the Korean analysis of name and description; Korean queries match "
                        + "only whole words there until a reindex (POST /api/admin/reindex/products) moves it to the "
                        + "current mapping", entry.getKey());
            }
        }
        if (!missing.isEmpty()) {
            elasticsearch.send(elasticsearch.request("PUT", "/" + alias + "/_mapping",
                    object("properties", JsonNode.createObjectNode(missing))));
        }
    }

    /** A new, empty concrete index with the mapping; its name is returned. */
    public String createConcreteIndex() {
        String name = alias + "-" + SUFFIX.format(Clock.systemUTC().instant());
        createConcreteIndex(name);
        return name;
    }

    private void createConcreteIndex(String name) {
        var request = elasticsearch.request("PUT", "/" + name, null);
        request.setJsonEntity(definition);
        try {
            elasticsearch.send(request);
        } catch (ElasticsearchError e) {
            String reason = e.reason();
            if (reason != null && reason.matches("(?s).*Unknown (tokenizer|filter) type \\[nori_.*")) {
                throw new MissingAnalysisPluginException(name, reason, e);
            }
            throw e;
        }
    }

    /** The concrete indices the alias points at now. */
    public Set<String> concreteIndices() {
        return elasticsearch.indicesOf(alias);
    }

    /**
     * Points the alias at {@code index} only, in one atomic request; returns the indices it left, which the caller
     * deletes once it no longer needs them.
     */
    public Set<String> swapTo(String index) {
        Set<String> previous = concreteIndices();
        elasticsearch.moveAlias(alias, previous, index);
        var left = new HashSet<>(previous);
        left.remove(index);
        return left;
    }

    public void delete(Set<String> indices) {
        elasticsearch.deleteIndices(indices);
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
        bulk.write(index, documents, index.equals(alias), refresh);
    }

    /**
     * The product index's hot path for a SnapStart priming, changing no index: the bulk body that
     * {@link #write(Collection)} would send for {@code documents} is written as it writes it, but not sent; then the
     * alias's documents are counted (a read), so that the HTTP client and the reading of an answer run too. The
     * count is sent with {@code Connection: close}: its connection is closed after the answer instead of going back
     * to the client's pool, where, held by a snapshot, it would be a dead socket in every instance restored from it.
     *
     * @return the size of the bulk request's body, in bytes
     */
    public int rehearseWrite(Collection<ProductDocument> documents) {
        byte[] body = bulk.body(alias, documents);
        var count = elasticsearch.request("GET", "/" + alias + "/_count", null);
        count.addParameter("ignore_unavailable", "true");
        count.addParameter("allow_no_indices", "true");
        count.setOptions(RequestOptions.DEFAULT.toBuilder().addHeader("Connection", "close"));
        elasticsearch.send(count);
        return body.length;
    }
}
