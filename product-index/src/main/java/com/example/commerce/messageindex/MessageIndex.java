package com.example.commerce.messageindex;

import com.example.commerce.elasticsearch.ElasticsearchApi;
import com.example.commerce.elasticsearch.ElasticsearchError;
import com.example.commerce.elasticsearch.VersionedBulk;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.example.commerce.elasticsearch.ElasticsearchApi.object;

/**
 * The messages index: an alias ({@code commerce.search.messages-alias}, default {@value #DEFAULT_ALIAS}) over a
 * concrete index with the explicit mapping in {@code message-index.json} (the same text analysis as the product
 * index). indexer-fn writes it from platform.messages; order-api searches it. Every write is versioned externally by
 * {@link MessageDocument#version()}: an older or equal version is refused by Elasticsearch and ignored here, so a
 * redelivered or replayed event changes nothing.
 *
 * <p>{@code content} and {@code content.ko} keep their offsets in the postings, and the index highlights without
 * weight matches, for the reason {@link com.example.commerce.productindex.ProductIndex} gives; an index created before
 * highlights the old way until a replay of the messages read model moves it.
 */
@Singleton
public class MessageIndex {

    public static final String DEFAULT_ALIAS = "messages";

    private final ElasticsearchApi elasticsearch;
    private final VersionedBulk<MessageDocument> bulk;
    private final String alias;

    public MessageIndex(ElasticsearchApi elasticsearch,
                        @Value("${commerce.search.messages-alias:messages}") String alias) {
        this.elasticsearch = elasticsearch;
        this.bulk = new VersionedBulk<>(elasticsearch, MessageDocument::id, MessageDocument::version, "messages");
        this.alias = alias;
    }

    public String alias() {
        return alias;
    }

    /** Creates the first concrete index and points the alias at it, unless the alias exists. Idempotent. */
    public void ensureExists() {
        if (elasticsearch.exists("/_alias/" + alias)) {
            return;
        }
        elasticsearch.addAlias(alias, createConcreteIndex("initial"));
    }

    /**
     * Writes the documents with one bulk request through the alias. Refused writes of older or equal versions are
     * expected and ignored; any other failure throws, so that the caller retries the batch.
     */
    public void write(Collection<MessageDocument> documents) {
        write(alias, documents);
    }

    /** Writes into {@code index} (the alias or a concrete index), on the same terms as {@link #write(Collection)}. */
    public void write(String index, Collection<MessageDocument> documents) {
        bulk.write(index, documents, index.equals(alias), false);
    }

    /**
     * A new, empty concrete index {@code <alias>-<suffix>} with the mapping, which the alias does not point at; one
     * that exists already is kept.
     */
    public String createConcreteIndex(String suffix) {
        String name = alias + "-" + suffix;
        var request = elasticsearch.request("PUT", "/" + name, null);
        request.setJsonEntity(definition());
        try {
            elasticsearch.send(request);
        } catch (ElasticsearchError e) {
            if (!"resource_already_exists_exception".equals(e.type())) {
                throw e;
            }
        }
        return name;
    }

    private static String definition() {
        try (InputStream in = MessageIndex.class.getResourceAsStream("/message-index.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("message-index.json cannot be read", e);
        }
    }

    /** The concrete indices the alias points at now (none if it does not exist). */
    public Set<String> concreteIndices() {
        return elasticsearch.exists("/_alias/" + alias) ? elasticsearch.indicesOf(alias) : Set.of();
    }

    /** Points the alias at {@code index} only, in one atomic request. Repeating it changes nothing. */
    public void swapTo(String index) {
        elasticsearch.moveAlias(alias, concreteIndices().stream().filter(old -> !old.equals(index)).toList(), index);
    }

    public void delete(Collection<String> indices) {
        elasticsearch.deleteIndices(indices);
    }

    /** Makes every write so far visible to the counts below. */
    public void refresh(String index) {
        elasticsearch.send(elasticsearch.request("POST", "/" + index + "/_refresh", null));
    }

    /** The highest message id in {@code index}, deleted messages included; 0 when empty. */
    public long maxId(String index) {
        return maxId(index, Long.MAX_VALUE);
    }

    /** The highest message id in {@code index} that is at most {@code atMost}, or 0. */
    public long maxId(String index, long atMost) {
        JsonNode answer = elasticsearch.send(elasticsearch.request("POST", "/" + index + "/_search", object(
                "size", 0,
                "query", object("range", object("id", object("lte", atMost))),
                "aggs", object("max", object("max", object("field", "id"))))));
        JsonNode max = answer.get("aggregations").get("max").get("value");
        // null when no document matched
        return max != null && max.isNumber() ? (long) max.getDoubleValue() : 0;
    }

    /** Which of the messages {@code ids} are in {@code index} and not deleted. */
    public Set<Long> liveIds(String index, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        JsonNode answer = elasticsearch.send(elasticsearch.request("POST", "/" + index + "/_search", object(
                "size", ids.size(),
                "_source", false,
                "query", live(ids))));
        var live = new HashSet<Long>();
        ElasticsearchApi.elements(answer.get("hits"), "hits")
                .forEach(hit -> live.add(Long.parseLong(hit.get("_id").getStringValue())));
        return live;
    }

    /** How many of the messages {@code ids} are in {@code index} and not deleted. */
    public long countLive(String index, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        return elasticsearch.send(elasticsearch.request("POST", "/" + index + "/_count", object("query", live(ids))))
                .get("count").getLongValue();
    }

    private static Map<String, Object> live(Collection<Long> ids) {
        return object("bool", object(
                "filter", List.of(object("ids", object("values", ids.stream().map(String::valueOf).toList()))),
                "must_not", List.of(object("term", object("deleted", true)))));
    }
}
