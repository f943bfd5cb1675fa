package com.example.commerce.api.web;

import com.example.commerce.api.error.ApiException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.Headers;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.body.MessageBodyReader;
import io.micronaut.http.codec.CodecException;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Reads the API's JSON request bodies as exactly one JSON value. The framework's JSON reader stops after the first
 * value, so {@code {...}{...}} would be taken for its first half and the rest silently ignored; here anything but
 * white space after the value is a 400 problem. Only the API's own request types are read here (checked before the
 * framework's reader, by order); every other JSON body is left to the framework.
 */
@Singleton
@Consumes({MediaType.APPLICATION_JSON})
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SingleJsonValueReader<T> implements MessageBodyReader<T> {

    private static final String API_TYPES = "com.example.commerce.";
    private static final JsonFactory TOKENIZER = new JsonFactory();

    private final JsonMapper json;

    public SingleJsonValueReader(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean isReadable(Argument<T> type, MediaType mediaType) {
        return type.getType().getName().startsWith(API_TYPES);
    }

    @Override
    public T read(Argument<T> type, MediaType mediaType, Headers headers, ByteBuffer<?> body) throws CodecException {
        return read(type, body.toByteArray());
    }

    @Override
    public T read(Argument<T> type, MediaType mediaType, Headers headers, InputStream body) throws CodecException {
        try {
            return read(type, body.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private T read(Argument<T> type, byte[] body) {
        if (hasTrailingContent(body)) {
            throw ApiException.badRequest("trailing-content",
                    "the body must be exactly one JSON value; something follows it", Map.of());
        }
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new CodecException("Error decoding JSON body: " + e.getMessage(), e);
        }
    }

    /** Tokenises only (builds nothing). A malformed first value is left to the JSON reader's own error. */
    private static boolean hasTrailingContent(byte[] body) {
        boolean firstValueRead = false;
        try (JsonParser parser = TOKENIZER.createParser(body)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            firstValueRead = true;
            return parser.nextToken() != null;
        } catch (IOException e) {
            return firstValueRead;
        }
    }
}
