package com.example.commerce.messageindex;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;

/**
 * The messages index: an alias ({@code commerce.search.messages-alias}, default {@value #DEFAULT_ALIAS}) over a
 * concrete index with the explicit mapping in {@code message-index.json} (the same text analysis as the product
 * index). indexer-fn writes it from platform.messages; order-api searches it. Every write is versioned externally by
 * {@link MessageDocument#version()}: an older or equal version is refused by Elasticsearch and ignored here, so a
 * redelivered or replayed event changes nothing.
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
        if (documents.isEmpty()) {
            return;
        }
        var bulk = new BulkRequest.Builder().requireAlias(true);
        for (MessageDocument document : documents) {
            bulk.operations(op -> op.index(i -> i.index(alias).id(String.valueOf(document.id())).document(document)
                    .version(document.version()).versionType(VersionType.External)));
        }
        try {
            var response = client.bulk(bulk.build());
            if (response.errors()) {
                List<String> failures = response.items().stream()
                        .filter(item -> item.error() != null && !VERSION_CONFLICT.equals(item.error().type()))
                        .map(item -> item.id() + ": " + item.error().type() + " " + item.error().reason()).toList();
                if (!failures.isEmpty()) {
                    throw new IllegalStateException("Bulk write to " + alias + " failed for " + failures.size()
                            + " messages, e.g. " + failures.get(0));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Bulk write to " + alias + " failed: " + e.getMessage(), e);
        }
    }
}
