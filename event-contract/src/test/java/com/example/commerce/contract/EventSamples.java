package com.example.commerce.contract;

import com.example.commerce.contract.activity.UserActivityEventType;
import com.example.commerce.contract.catalog.CatalogEventType;
import com.example.commerce.contract.inventory.InventoryEventType;
import com.example.commerce.contract.message.MessageEventType;
import com.example.commerce.contract.notification.NotificationEventType;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.contract.payment.PaymentEventType;
import com.example.commerce.contract.shipping.ShippingEventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Events of every type as producers write them, for the tests of every reader: {@code samples/TYPE.json} (an
 * array of events at the type's current schema version) and {@code golden/v1/TYPE.json} (one event as version 1
 * wrote it, kept unchanged so that readers keep reading it after the type moved on). Every one is checked against
 * {@code events/events.schema.json} when loaded: only schema-valid events are handed out.
 */
public final class EventSamples {

    /** The JSON Schema of every event, with format assertions (uuid, date-time) on. */
    public static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(
            SchemaLocation.of("classpath:events/events.schema.json"),
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event: its type, the file it came from, and its JSON. */
    public record Sample(EventType type, String source, String json) {

        public byte[] bytes() {
            return json.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return source + " " + json;
        }
    }

    private EventSamples() {
    }

    /** Every event type of every topic. */
    public static List<EventType> types() {
        return Stream.of(OrderEventType.values(), CatalogEventType.values(), InventoryEventType.values(),
                        PaymentEventType.values(), ShippingEventType.values(), MessageEventType.values(),
                        UserActivityEventType.values(), NotificationEventType.values())
                .flatMap(Stream::of).map(EventType.class::cast).toList();
    }

    /** The current-version samples of the type (at least one). */
    public static List<Sample> current(EventType type) {
        String source = "samples/" + type.name() + ".json";
        JsonNode array = load(source);
        if (!array.isArray() || array.isEmpty()) {
            throw new IllegalStateException(source + " is not a non-empty array");
        }
        var samples = new ArrayList<Sample>();
        for (int i = 0; i < array.size(); i++) {
            samples.add(valid(type, source + "[" + i + "]", array.get(i)));
        }
        return samples;
    }

    /** The golden version 1 event of the type. */
    public static Sample goldenV1(EventType type) {
        String source = "golden/v1/" + type.name() + ".json";
        return valid(type, source, load(source));
    }

    /** The current samples and golden fixtures of every type of the topic. */
    public static List<Sample> ofTopic(String topic) {
        var all = new ArrayList<Sample>();
        for (EventType type : types()) {
            if (type.topic().equals(topic)) {
                all.addAll(current(type));
                all.add(goldenV1(type));
            }
        }
        return all;
    }

    /** The schema's complaints about an event, empty if it is valid. */
    public static Set<ValidationMessage> validate(String json) {
        return SCHEMA.validate(json, InputFormat.JSON);
    }

    private static Sample valid(EventType type, String source, JsonNode event) {
        String json = event.toString();
        Set<ValidationMessage> errors = validate(json);
        if (!errors.isEmpty()) {
            throw new IllegalStateException(source + " does not match events.schema.json: " + errors);
        }
        if (!type.name().equals(event.path("eventType").asText())) {
            throw new IllegalStateException(source + " is not a " + type.name());
        }
        return new Sample(type, source, json);
    }

    private static JsonNode load(String resource) {
        try (InputStream in = EventSamples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path");
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
