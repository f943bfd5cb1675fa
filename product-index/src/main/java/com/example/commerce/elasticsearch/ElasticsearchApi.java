package com.example.commerce.elasticsearch;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.elasticsearch.DefaultElasticsearchConfigurationProperties;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.apache.http.HttpEntity;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.ResponseListener;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Elasticsearch's REST API as the platform speaks it: a request is a method, a path and a JSON body (plain maps,
 * lists and records, written by Micronaut's serialisation), and an answer is a {@link JsonNode}; an error answer
 * throws {@link ElasticsearchError}, a failed connection {@link UncheckedIOException}.
 *
 * <p>Why not the typed Java client: the few requests the platform sends (search, bulk, index and alias management)
 * are written here in the JSON of Elasticsearch's own reference, while the typed client is 10 MB and 7,000 classes
 * of which a function used a few hundred, the largest part of the order-api and indexer Lambda jars
 * (BENCHMARKS.md, "What the Lambda jars carry"). Its transport also wrote a bulk request in one buffer per line,
 * which was the largest share of the application's CPU in a search benchmark.
 *
 * <p>The low-level client is built here from micronaut-elasticsearch's settings ({@code elasticsearch.*}: hosts,
 * default headers, request timeouts, and the HTTP client builder that {@code ElasticsearchHttpClientSettings}
 * adjusts) rather than taken from its factory, whose class cannot be loaded without the typed client.
 */
@Singleton
public class ElasticsearchApi implements AutoCloseable {

    public static final ContentType JSON = ContentType.APPLICATION_JSON;
    public static final ContentType NDJSON = ContentType.create("application/x-ndjson", StandardCharsets.UTF_8);

    private final RestClient client;
    private final JsonMapper json;

    @Inject
    public ElasticsearchApi(DefaultElasticsearchConfigurationProperties settings, JsonMapper json) {
        this(restClient(settings), json);
    }

    /** Over a client of the caller's (tests). */
    public ElasticsearchApi(RestClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    /**
     * The client as micronaut-elasticsearch would build it, but with its request settings in force: its HTTP client
     * builder replaces the one Elasticsearch's {@code RestClientBuilder} prepares, and with it the default request
     * configuration the rest client put there, so {@code elasticsearch.request.default.*} (time-outs) never reached
     * a request, and a request had no time-out at all. They are set on the builder here, and where nothing is
     * configured the rest client's own defaults apply (connect 1 s, socket 30 s).
     */
    private static RestClient restClient(DefaultElasticsearchConfigurationProperties settings) {
        RequestConfig configured = settings.getRequestConfigBuilder().build();
        RequestConfig.Builder requests = RequestConfig.copy(configured);
        if (configured.getConnectTimeout() < 0) {
            requests.setConnectTimeout(RestClientBuilder.DEFAULT_CONNECT_TIMEOUT_MILLIS);
        }
        if (configured.getSocketTimeout() < 0) {
            requests.setSocketTimeout(RestClientBuilder.DEFAULT_SOCKET_TIMEOUT_MILLIS);
        }
        RequestConfig defaults = requests.build();
        var builder = RestClient.builder(settings.getHttpHosts())
                .setRequestConfigCallback(ignored -> RequestConfig.copy(defaults))
                .setHttpClientConfigCallback(ignored -> settings.getHttpAsyncClientBuilder()
                        .setDefaultRequestConfig(defaults));
        if (settings.getDefaultHeaders() != null && settings.getDefaultHeaders().length > 0) {
            builder.setDefaultHeaders(settings.getDefaultHeaders());
        }
        return builder.build();
    }

    /** A request with a JSON body (a map, list, record or {@link JsonNode}), or none when {@code body} is null. */
    public Request request(String method, String path, @Nullable Object body) {
        var request = new Request(method, path);
        if (body != null) {
            request.setEntity(new NByteArrayEntity(toJson(body), JSON));
        }
        return request;
    }

    /** A request whose body is the given NDJSON (one JSON value per line, each line ended). */
    public Request ndJsonRequest(String method, String path, byte[] body) {
        var request = new Request(method, path);
        request.setEntity(new NByteArrayEntity(body, NDJSON));
        return request;
    }

    /** Sends and waits; the answer's JSON, or an empty object for an answer without a body. */
    public JsonNode send(Request request) {
        try {
            return read(client.performRequest(request));
        } catch (ResponseException e) {
            throw error(e.getResponse());
        } catch (IOException e) {
            throw new UncheckedIOException(request.getMethod() + " " + request.getEndpoint() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /** Whether a HEAD request finds what it names (200), or not (404). */
    public boolean exists(String path) {
        try {
            int status = client.performRequest(new Request("HEAD", path)).getStatusLine().getStatusCode();
            if (status == 200 || status == 404) {
                return status == 200;
            }
            throw new ElasticsearchError(status, "unexpected_status", "HEAD " + path + " answered " + status);
        } catch (ResponseException e) {
            throw error(e.getResponse());
        } catch (IOException e) {
            throw new UncheckedIOException("HEAD " + path + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Sends without holding a thread: the future completes on the HTTP client's I/O thread, with the answer's JSON,
     * an {@link ElasticsearchError} or an {@link IOException}.
     */
    public CompletableFuture<JsonNode> sendAsync(Request request) {
        var answer = new CompletableFuture<JsonNode>();
        client.performRequestAsync(request, new ResponseListener() {
            @Override
            public void onSuccess(Response response) {
                try {
                    answer.complete(read(response));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(Exception exception) {
                answer.completeExceptionally(exception instanceof ResponseException e ? error(e.getResponse())
                        : exception);
            }
        });
        return answer;
    }

    /** The indices {@code alias} points at; an {@link ElasticsearchError} (404) if there is no such alias. */
    public Set<String> indicesOf(String alias) {
        var indices = new HashSet<String>();
        send(request("GET", "/_alias/" + alias, null)).entries().forEach(entry -> indices.add(entry.getKey()));
        return indices;
    }

    /** Adds {@code alias} to {@code index}; repeating it changes nothing. */
    public void addAlias(String alias, String index) {
        send(request("POST", "/_aliases",
                object("actions", List.of(object("add", object("index", index, "alias", alias))))));
    }

    /**
     * In one atomic request: {@code alias} leaves each of {@code leaving} (which it must be on) and points at
     * {@code index}, as its write index.
     */
    public void moveAlias(String alias, Collection<String> leaving, String index) {
        var actions = new ArrayList<Object>();
        leaving.forEach(old -> actions.add(object("remove", object("index", old, "alias", alias, "must_exist", true))));
        actions.add(object("add", object("index", index, "alias", alias, "is_write_index", true)));
        send(request("POST", "/_aliases", object("actions", actions)));
    }

    /** Deletes the indices; one that does not exist is skipped. */
    public void deleteIndices(Collection<String> indices) {
        for (String index : indices) {
            var request = request("DELETE", "/" + index, null);
            request.addParameter("ignore_unavailable", "true");
            send(request);
        }
    }

    public byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends {@code value} as one NDJSON line. */
    public void writeLine(ByteArrayOutputStream out, Object value) {
        try {
            json.writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
    }

    public JsonNode parse(byte[] value) {
        try {
            return json.readValue(value, JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A document of the answer (a hit's {@code _source}) as a record. */
    public <T> T read(JsonNode node, Class<T> type) {
        try {
            return json.readValueFromTree(node, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode read(Response response) {
        HttpEntity entity = response.getEntity();
        if (entity == null) {
            return JsonNode.createObjectNode(Map.of());
        }
        try {
            return json.readValue(entity.getContent(), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable answer of " + response.getRequestLine() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The error of an answer with a 4xx or 5xx status, its type and reason when the body says them. */
    private ElasticsearchError error(Response response) {
        int status = response.getStatusLine().getStatusCode();
        String type = "http_" + status;
        String reason = response.getRequestLine().toString();
        try {
            JsonNode error = response.getEntity() == null ? null : read(response).get("error");
            if (error != null && error.isObject()) {
                type = text(error, "type", type);
                reason = text(error, "reason", reason);
            } else if (error != null && error.isString()) {
                reason = error.getStringValue(); // e.g. "alias [x] missing"
            }
        } catch (RuntimeException unreadable) {
            // the status says enough
        }
        return new ElasticsearchError(status, type, reason);
    }

    /** A text field, or {@code otherwise} when absent or not a string. */
    public static String text(@Nullable JsonNode object, String field, @Nullable String otherwise) {
        JsonNode value = object == null ? null : object.get(field);
        return value != null && value.isString() ? value.getStringValue() : otherwise;
    }

    /** A JSON object with its fields in the order given: {@code object("size", 0, "query", ...)}. */
    public static Map<String, Object> object(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        var object = new LinkedHashMap<String, Object>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return object;
    }

    /** The elements of an array field; none when absent. */
    public static List<JsonNode> elements(@Nullable JsonNode node, String field) {
        JsonNode array = node == null ? null : node.get(field);
        if (array == null || !array.isArray()) {
            return List.of();
        }
        var elements = new ArrayList<JsonNode>(array.size());
        array.values().forEach(elements::add);
        return elements;
    }

    /** The first highlighted fragment of {@code field} in a search hit, or null when the field has none. */
    @Nullable
    public static String firstHighlight(JsonNode hit, String field) {
        List<JsonNode> fragments = elements(hit.get("highlight"), field);
        return fragments.isEmpty() ? null : fragments.get(0).getStringValue();
    }

    @PreDestroy
    @Override
    public void close() throws IOException {
        client.close();
    }
}
