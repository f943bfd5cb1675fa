package com.example.commerce.messageindex;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.json.JsonData;
import com.example.commerce.productindex.OneBufferBulk;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
    private static final String VERSION_CONFLICT = "version_conflict_engine_exception";

    private final ElasticsearchClient client;
    private final String alias;

    public MessageIndex(ElasticsearchClient client,
                        @Value("${commerce.search.messages-alias:messages}") String alias) {
        this.client = client;
        this.alias = alias;
    }

    public String alias() {
        return alias;
    }

    /** Creates the first concrete index and points the alias at it, unless the alias exists. Idempotent. */
    public void ensureExists() {
        try {
            if (client.indices().existsAlias(e -> e.name(alias)).value()) {
                return;
            }
            String first = alias + "-initial";
            try (InputStream definition = MessageIndex.class.getResourceAsStream("/message-index.json")) {
                client.indices().create(c -> c.index(first).withJson(definition));
            } catch (ElasticsearchException e) {
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
            client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(first).alias(alias))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the messages index: " + e.getMessage(), e);
        }
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
        if (documents.isEmpty()) {
            return;
        }
        var bulk = new BulkRequest.Builder();
        if (index.equals(alias)) {
            // Never let a write auto-create a concrete index named like the alias, which would block the alias.
            bulk.requireAlias(true);
        }
        for (MessageDocument document : documents) {
            bulk.operations(op -> op.index(i -> i.index(index).id(String.valueOf(document.id())).document(document)
                    .version(document.version()).versionType(VersionType.External)));
        }
        try {
            var response = OneBufferBulk.send(client, bulk.build());
            if (response.errors()) {
                List<String> failures = response.items().stream()
                        .filter(item -> item.error() != null && !VERSION_CONFLICT.equals(item.error().type()))
                        .map(item -> item.id() + ": " + item.error().type() + " " + item.error().reason()).toList();
                if (!failures.isEmpty()) {
                    throw new IllegalStateException("Bulk write to " + index + " failed for " + failures.size()
                            + " messages, e.g. " + failures.get(0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Bulk write to " + index + " failed: " + e.getMessage(), e);
        }
    }

    /** A new, empty concrete index {@code <alias>-<suffix>} with the mapping, which the alias does not point at. */
    public String createConcreteIndex(String suffix) {
        String name = alias + "-" + suffix;
        try (InputStream definition = MessageIndex.class.getResourceAsStream("/message-index.json")) {
            client.indices().create(c -> c.index(name).withJson(definition));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create index " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** The concrete indices the alias points at now (none if it does not exist). */
    public Set<String> concreteIndices() {
        try {
            if (!client.indices().existsAlias(e -> e.name(alias)).value()) {
                return Set.of();
            }
            return client.indices().getAlias(g -> g.name(alias)).result().keySet();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Points the alias at {@code index} only, in one atomic request. Repeating it changes nothing. */
    public void swapTo(String index) {
        Set<String> previous = concreteIndices();
        try {
            client.indices().updateAliases(u -> {
                previous.stream().filter(old -> !old.equals(index))
                        .forEach(old -> u.actions(a -> a.remove(r -> r.index(old).alias(alias).mustExist(true))));
                return u.actions(a -> a.add(add -> add.index(index).alias(alias).isWriteIndex(true)));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot point " + alias + " at " + index + ": " + e.getMessage(), e);
        }
    }

    public void delete(Collection<String> indices) {
        try {
            for (String old : indices) {
                client.indices().delete(d -> d.index(old).ignoreUnavailable(true));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + indices + ": " + e.getMessage(), e);
        }
    }

    /** Makes every write so far visible to the counts below. */
    public void refresh(String index) {
        try {
            client.indices().refresh(r -> r.index(index));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The highest message id in {@code index}, deleted messages included; 0 when empty. */
    public long maxId(String index) {
        return maxId(index, Long.MAX_VALUE);
    }

    /** The highest message id in {@code index} that is at most {@code atMost}, or 0. */
    public long maxId(String index, long atMost) {
        try {
            var response = client.search(s -> s.index(index).size(0)
                    .query(q -> q.range(r -> r.untyped(u -> u.field("id").lte(JsonData.of(atMost)))))
                    .aggregations("max", a -> a.max(m -> m.field("id"))), Void.class);
            double max = response.aggregations().get("max").max().value();
            return Double.isFinite(max) ? (long) max : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Which of the messages {@code ids} are in {@code index} and not deleted. */
    public Set<Long> liveIds(String index, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        var values = ids.stream().map(String::valueOf).toList();
        try {
            var response = client.search(s -> s.index(index).size(values.size()).source(src -> src.fetch(false))
                    .query(q -> q.bool(b -> b.filter(f -> f.ids(i -> i.values(values)))
                            .mustNot(m -> m.term(t -> t.field("deleted").value(true))))), Void.class);
            var live = new HashSet<Long>();
            response.hits().hits().forEach(hit -> live.add(Long.parseLong(hit.id())));
            return live;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many of the messages {@code ids} are in {@code index} and not deleted. */
    public long countLive(String index, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        var values = ids.stream().map(String::valueOf).toList();
        try {
            return client.count(c -> c.index(index).query(q -> q.bool(b -> b
                    .filter(f -> f.ids(i -> i.values(values)))
                    .mustNot(m -> m.term(t -> t.field("deleted").value(true)))))).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
