package com.example.commerce.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * asyncapi.yaml describes the contract's topics and event types, no more and no fewer, and its messages' payloads
 * are event types of events.schema.json. (outbox-relay-fn's AsyncApiContractTest checks it against what the relay
 * publishes.)
 */
class AsyncApiDocumentTest {

    @Test
    void theChannelsAreTheTopicsAndTheirMessagesTheEventTypes() throws IOException {
        Map<String, Object> asyncApi = load();
        assertEquals("3.0.0", asyncApi.get("asyncapi"));
        JsonNode schema;
        try (InputStream in = resource("events/events.schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }

        var addresses = new TreeSet<String>();
        for (Object value : map(asyncApi.get("channels")).values()) {
            Map<String, Object> channel = map(value);
            String address = (String) channel.get("address");
            addresses.add(address);
            var messages = new TreeSet<>(map(channel.get("messages")).keySet());
            var types = new TreeSet<String>();
            EventSamples.types().stream().filter(type -> type.topic().equals(address))
                    .forEach(type -> types.add(type.name()));
            if (address.endsWith("-dlq")) {
                assertTrue(types.isEmpty());
                assertEquals(Set.of("deadLetter"), messages, address);
                continue;
            }
            assertEquals(types, messages, address + " lists the topic's event types");
            for (String type : messages) {
                String ref = (String) map(map(map(channel.get("messages")).get(type))).get("$ref");
                Map<String, Object> message = map(map(map(asyncApi.get("components")).get("messages"))
                        .get(ref.substring(ref.lastIndexOf('/') + 1)));
                assertNotNull(message, ref);
                assertEquals(type, message.get("name"));
                String payload = (String) map(message.get("payload")).get("$ref");
                assertEquals("events.schema.json#/$defs/" + type, payload);
                assertTrue(schema.path("$defs").has(type), () -> "events.schema.json has no " + type);
            }
        }
        assertEquals(new TreeSet<>(Set.of(Topics.ORDER_EVENTS, Topics.CATALOG_EVENTS, Topics.INVENTORY_EVENTS,
                Topics.PAYMENT_EVENTS, Topics.SHIPPING_EVENTS, Topics.ORDER_EVENTS_DLQ, Topics.CATALOG_EVENTS_DLQ,
                Topics.INVENTORY_EVENTS_DLQ, Topics.PAYMENT_EVENTS_DLQ, Topics.SHIPPING_EVENTS_DLQ, Topics.MESSAGES,
                Topics.MESSAGES_DLQ, Topics.USER_ACTIVITY, Topics.USER_ACTIVITY_DLQ, Topics.NOTIFICATIONS_SENT)),
                addresses);
        var eventTopics = new TreeSet<String>();
        EventSamples.types().forEach(type -> eventTopics.add(type.topic()));
        assertTrue(addresses.containsAll(eventTopics), "a channel for every topic of an event type");
    }

    private static Map<String, Object> load() throws IOException {
        try (InputStream in = resource("events/asyncapi.yaml")) {
            return new Yaml().load(in);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream(name);
        assertNotNull(in, name);
        return in;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }
}
