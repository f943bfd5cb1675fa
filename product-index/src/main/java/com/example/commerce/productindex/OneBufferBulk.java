package com.example.commerce.productindex;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.NdJsonpSerializable;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import jakarta.json.stream.JsonGenerator;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * Sends a bulk request with its body in one buffer, for every index the platform writes (products and messages).
 * The client's own transport serialises every operation line and every document into a buffer of its own, with a
 * separator buffer after each, and hands the HTTP client one buffer per output event: a bulk of 500 documents took
 * some 2,000 reactor rounds and socket writes, the largest share of the application's CPU in a whole search
 * benchmark (BENCHMARKS.md). The request (path, parameters, body) and the reading of the response are the client's
 * own; a failed request throws as the low-level client does (an {@link IOException}, which the callers turn into a
 * retry). Any other transport sends the request itself.
 */
public final class OneBufferBulk {

    private static final ContentType NDJSON = ContentType.create("application/x-ndjson", StandardCharsets.UTF_8);

    private OneBufferBulk() {
    }

    public static BulkResponse send(ElasticsearchClient client, BulkRequest request) throws IOException {
        if (!(client._transport() instanceof RestClientTransport transport)) {
            return client.bulk(request);
        }
        JsonpMapper mapper = client._jsonpMapper();
        var body = new ByteArrayOutputStream();
        ndJson(request, mapper, body);
        var http = new Request(BulkRequest._ENDPOINT.method(request), BulkRequest._ENDPOINT.requestUrl(request));
        BulkRequest._ENDPOINT.queryParameters(request).forEach(http::addParameter);
        http.setEntity(new NByteArrayEntity(body.toByteArray(), NDJSON));
        Response response = transport.restClient().performRequest(http);
        try (InputStream content = response.getEntity().getContent();
             var parser = mapper.jsonProvider().createParser(content)) {
            return BulkResponse._DESERIALIZER.deserialize(parser, mapper);
        }
    }

    /** A bulk request's body in one stream: every operation line and document, each followed by a newline. */
    static void ndJson(NdJsonpSerializable value, JsonpMapper mapper, ByteArrayOutputStream out) {
        for (Iterator<?> parts = value._serializables(); parts.hasNext(); ) {
            Object part = parts.next();
            if (part instanceof NdJsonpSerializable nested && part != value) {
                ndJson(nested, mapper, out);
            } else {
                try (JsonGenerator generator = mapper.jsonProvider().createGenerator(out)) {
                    mapper.serialize(part, generator);
                }
                out.write('\n');
            }
        }
    }
}
