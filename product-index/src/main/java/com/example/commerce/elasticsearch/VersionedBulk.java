package com.example.commerce.elasticsearch;

import io.micronaut.json.tree.JsonNode;

import java.io.ByteArrayOutputStream;
import java.util.Collection;
import java.util.List;
import java.util.function.ToLongFunction;

import static com.example.commerce.elasticsearch.ElasticsearchApi.object;

/**
 * Writes whole documents in one bulk request, each under an external version: Elasticsearch refuses a write whose
 * version is not above the stored one, so a late, repeated or replayed write of older data changes nothing. Those
 * refusals are the expected outcome and ignored; any other failed item fails the whole write, which the caller
 * retries (idempotent by version).
 *
 * <p>The body is written into one array and sent as one entity: the typed client's transport wrote each line into
 * a buffer of its own and flushed each to the socket, some 2,000 socket writes per 500 documents (BENCHMARKS.md,
 * "Bulk requests in one buffer").
 *
 * @param <T> the document type, written as Micronaut's serialisation writes it
 */
public final class VersionedBulk<T> {

    private static final String VERSION_CONFLICT = "version_conflict_engine_exception";

    private final ElasticsearchApi api;
    private final ToLongFunction<T> id;
    private final ToLongFunction<T> version;
    private final String what;

    /**
     * @param what what the documents are, for error messages ("products")
     */
    public VersionedBulk(ElasticsearchApi api, ToLongFunction<T> id, ToLongFunction<T> version, String what) {
        this.api = api;
        this.id = id;
        this.version = version;
        this.what = what;
    }

    /** The request's NDJSON body: for each document its action line, then the document. */
    public byte[] body(String index, Collection<T> documents) {
        var out = new ByteArrayOutputStream(documents.size() * 512);
        for (T document : documents) {
            api.writeLine(out, object("index", object("_index", index, "_id", String.valueOf(id.applyAsLong(document)),
                    "version", version.applyAsLong(document), "version_type", "external")));
            api.writeLine(out, document);
        }
        return out.toByteArray();
    }

    /**
     * Writes {@code documents} into {@code index}.
     *
     * @param throughAlias   {@code index} is an alias: the write must not create an index of that name when the
     *                       alias is missing (that index would block the alias for good)
     * @param waitForRefresh the call returns once the documents are searchable
     */
    public void write(String index, Collection<T> documents, boolean throughAlias, boolean waitForRefresh) {
        if (documents.isEmpty()) {
            return;
        }
        var request = api.ndJsonRequest("POST", "/_bulk", body(index, documents));
        if (throughAlias) {
            request.addParameter("require_alias", "true");
        }
        if (waitForRefresh) {
            request.addParameter("refresh", "wait_for");
        }
        List<String> failures = failures(api.send(request));
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Bulk write to " + index + " failed for " + failures.size() + " " + what
                    + ", e.g. " + failures.get(0));
        }
    }

    /** The items of a bulk answer that failed for another reason than an older or equal version. */
    static List<String> failures(JsonNode answer) {
        JsonNode errors = answer.get("errors");
        if (errors == null || !errors.isBoolean() || !errors.getBooleanValue()) {
            return List.of();
        }
        return ElasticsearchApi.elements(answer, "items").stream()
                .map(item -> item.values().iterator().next()) // {"index": {...}}
                .filter(result -> result.get("error") != null)
                .filter(result -> !VERSION_CONFLICT.equals(ElasticsearchApi.text(result.get("error"), "type", null)))
                .map(result -> ElasticsearchApi.text(result, "_id", "?") + ": "
                        + ElasticsearchApi.text(result.get("error"), "type", "?") + " "
                        + ElasticsearchApi.text(result.get("error"), "reason", ""))
                .toList();
    }
}
