package com.example.commerce.platform.secrets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.context.exceptions.ConfigurationException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of GetSecretValue and of a secret: one object whose scalar fields are read as text (nested values
 * skipped). Jackson's streaming parser, already on every function's classpath; no object mapper is started before
 * the application context is.
 */
final class FlatJson {

    private static final JsonFactory JSON = new JsonFactory();

    private FlatJson() {
    }

    static Map<String, String> strings(byte[] json) {
        var fields = new LinkedHashMap<String, String>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ConfigurationException("Expected a JSON object, which this is not (its content is not shown)");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isStructStart()) {
                    parser.skipChildren();
                } else if (value != JsonToken.VALUE_NULL) {
                    fields.put(name, parser.getText());
                }
            }
            return fields;
        } catch (IOException e) {
            // Neither the parser's message nor its cause: either may quote the secret.
            throw new ConfigurationException("Expected a JSON object, which this is not (its content is not shown)");
        }
    }

    static byte[] object(Map<String, String> fields) {
        var bytes = new ByteArrayOutputStream();
        try (var generator = JSON.createGenerator(bytes)) {
            generator.writeStartObject();
            for (var field : fields.entrySet()) {
                generator.writeStringField(field.getKey(), field.getValue());
            }
            generator.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
