package com.example.commerce.elasticsearch;

import io.micronaut.elasticsearch.DefaultElasticsearchConfigurationProperties;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.http.HttpHost;
import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static com.example.commerce.elasticsearch.ElasticsearchApi.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform's client of Elasticsearch's REST API against the real (embedded) Elasticsearch: what its answers and
 * errors become, and what a versioned bulk write keeps, ignores and refuses.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElasticsearchApiTest {

    private final String index = "api-test-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    ElasticsearchApi elasticsearch;

    @Inject
    JsonMapper json;

    @Inject
    DefaultElasticsearchConfigurationProperties settings;

    /** A document of the strict test mapping below. */
    @Serdeable
    record Note(long id, String text, long version) {
    }

    @AfterAll
    void dropIndex() {
        var request = elasticsearch.request("DELETE", "/" + index, null);
        request.addParameter("ignore_unavailable", "true");
        elasticsearch.send(request);
    }

    private void createIndex() {
        if (!elasticsearch.exists("/" + index)) {
            elasticsearch.send(elasticsearch.request("PUT", "/" + index, object("mappings", object(
                    "dynamic", "strict",
                    "properties", object("id", object("type", "long"), "text", object("type", "text"),
                            "version", object("type", "long"))))));
        }
    }

    @Test
    void anErrorAnswerCarriesItsStatusTypeAndReason() {
        var missing = assertThrows(ElasticsearchError.class, () ->
                elasticsearch.send(elasticsearch.request("POST", "/no-such-index-" + index + "/_search", object())));
        assertEquals(404, missing.status());
        assertTrue(missing.isIndexNotFound(), missing::toString);
        assertTrue(missing.reason().contains("no such index"), missing::reason);

        // An error given as a plain string, as a missing alias is reported.
        var alias = assertThrows(ElasticsearchError.class, () ->
                elasticsearch.send(elasticsearch.request("GET", "/_alias/no-such-alias-" + index, null)));
        assertEquals(404, alias.status());
        assertTrue(alias.reason().contains("missing"), alias::reason);

        var malformed = assertThrows(ElasticsearchError.class, () -> elasticsearch.send(elasticsearch.request(
                "POST", "/_search", object("query", object("no_such_query", object())))));
        assertEquals(400, malformed.status());
        assertEquals("parsing_exception", malformed.type());
    }

    @Test
    void existsTellsFoundFromMissing() {
        createIndex();
        assertTrue(elasticsearch.exists("/" + index));
        assertFalse(elasticsearch.exists("/no-such-index-" + index));
        assertFalse(elasticsearch.exists("/_alias/no-such-alias-" + index));
    }

    @Test
    void anAsynchronousRequestCompletesWithTheAnswerOrTheError() throws Exception {
        createIndex();
        JsonNode count = elasticsearch.sendAsync(elasticsearch.request("GET", "/" + index + "/_count", null)).get();
        assertTrue(count.get("count").isNumber());

        var failed = elasticsearch.sendAsync(elasticsearch.request("GET", "/no-such-index-" + index + "/_count", null));
        var error = assertThrows(ExecutionException.class, failed::get).getCause();
        assertInstanceOf(ElasticsearchError.class, error);
        assertTrue(((ElasticsearchError) error).isIndexNotFound());
    }

    @Test
    void anUnreachableClusterIsAnIoFailure() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (var unreachable = new ElasticsearchApi(RestClient.builder(new HttpHost("127.0.0.1", closedPort)).build(),
                json)) {
            assertThrows(UncheckedIOException.class, () -> unreachable.send(unreachable.request("GET", "/", null)));
            var failed = unreachable.sendAsync(unreachable.request("GET", "/", null));
            assertFalse(assertThrows(ExecutionException.class, failed::get).getCause() instanceof ElasticsearchError);
        }
    }

    /**
     * {@code elasticsearch.request.default.socket-timeout} reaches the requests (micronaut-elasticsearch's builder
     * used to drop it, and a request waited for ever): a "cluster" that takes the connection and never answers fails
     * the request with a socket time-out.
     */
    @Test
    void aClusterThatNeverAnswersTimesOutAsConfigured() throws Exception {
        try (var silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var settings = new DefaultElasticsearchConfigurationProperties();
            settings.setHttpHosts(new HttpHost[] {new HttpHost("127.0.0.1", silent.getLocalPort())});
            settings.setHttpAsyncClientBuilder(HttpAsyncClientBuilder.create());
            settings.getRequestConfigBuilder().setSocketTimeout(300);
            try (var api = new ElasticsearchApi(settings, json)) {
                var answer = api.sendAsync(api.request("GET", "/", null));
                // Not a measure of time: only so that the test ends if the time-out is missing.
                var failure = assertThrows(ExecutionException.class,
                        () -> answer.get(30, TimeUnit.SECONDS)).getCause();
                assertInstanceOf(SocketTimeoutException.class, failure, failure::toString);
            }
        }
    }

    /**
     * The client opens as many connections as requests are in flight, up to its pool size (ElasticsearchHttpClientSettings):
     * six requests that Elasticsearch holds open at once (a cluster-health wait for nodes that never come) are six
     * connections on the cluster's side, not the two of Apache's default pool.
     */
    @Test
    void concurrentRequestsGetConnectionsOfTheirOwn() throws Exception {
        try (var fresh = new ElasticsearchApi(settings, json)) {
            long before = openHttpConnections();
            var waits = new ArrayList<CompletableFuture<JsonNode>>();
            for (int i = 0; i < 6; i++) {
                var request = fresh.request("GET", "/_cluster/health", null);
                request.addParameter("wait_for_nodes", "99");
                request.addParameter("timeout", "3s");
                waits.add(fresh.sendAsync(request));
            }
            long most = before;
            while (waits.stream().noneMatch(CompletableFuture::isDone)) {
                most = Math.max(most, openHttpConnections());
                Thread.sleep(50);
            }
            waits.forEach(wait -> wait.handle((answer, error) -> null).join()); // each answers 408 once it gives up
            assertTrue(most - before >= 6, "connections open at most: " + most + ", before: " + before);
        }
    }

    /** Connections open on the cluster's side, asked through this test's own client. */
    private long openHttpConnections() {
        JsonNode nodes = elasticsearch.send(elasticsearch.request("GET", "/_nodes/stats/http", null)).get("nodes");
        long open = 0;
        for (JsonNode node : nodes.values()) {
            open += node.get("http").get("current_open").getLongValue();
        }
        return open;
    }

    @Test
    void aVersionedBulkKeepsTheNewestIgnoresOlderAndFailsOnAnythingElse() {
        createIndex();
        var bulk = new VersionedBulk<Note>(elasticsearch, Note::id, Note::version, "notes");
        bulk.write(index, List.of(new Note(1, "second", 2), new Note(2, "first", 1)), false, true);
        // An older and an equal version: refused by Elasticsearch, ignored here.
        bulk.write(index, List.of(new Note(1, "first", 1), new Note(2, "first again", 1)), false, true);
        assertEquals("second", text(1));
        assertEquals("first", text(2));

        // A document the strict mapping refuses (a field it does not know): the whole write fails, naming it.
        var strict = new VersionedBulk<Object>(elasticsearch, o -> 3, o -> 1, "notes");
        var refused = assertThrows(IllegalStateException.class, () ->
                strict.write(index, List.of(object("id", 3, "unknown", "x")), false, true));
        assertTrue(refused.getMessage().contains("3: strict_dynamic_mapping_exception"), refused::getMessage);

        // Through an alias that does not exist: refused, and no index of that name is created.
        String alias = index + "-alias";
        assertThrows(IllegalStateException.class, () -> bulk.write(alias, List.of(new Note(4, "x", 1)), true, false));
        assertFalse(elasticsearch.exists("/" + alias));
    }

    private String text(long id) {
        return elasticsearch.send(elasticsearch.request("GET", "/" + index + "/_doc/" + id, null))
                .get("_source").get("text").getStringValue();
    }
}
