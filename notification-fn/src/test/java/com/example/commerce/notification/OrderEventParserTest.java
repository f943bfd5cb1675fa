package com.example.commerce.notification;

import com.example.commerce.contract.EventSamples;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.Topics;
import com.example.commerce.contract.order.OrderEventType;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of malformed record is recognised as such (dead-lettered), never as a failure to retry. */
class OrderEventParserTest {

    private final OrderEventParser parser = new OrderEventParser(JsonMapper.createDefault());

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String valid() {
        return OrderEventFixture.envelope(UUID.fromString("6f1c0e0a-9d4e-4b61-8d3e-2a9f0c1b7e55"), "ORDER_CREATED", 12,
                7, 15_000, null);
    }

    @Test
    void aValidEventIsRead() {
        var event = parser.parse(utf8(valid())).orElseThrow();
        assertEquals(12, event.orderId());
        assertEquals(7, event.userId());
        assertEquals(15_000, event.totalAmount());
    }

    /** The contract's samples and golden version 1 events of every order event type (all schema-valid). */
    @Test
    void everyOrderEventOfTheContractIsRead() {
        var samples = EventSamples.ofTopic(Topics.ORDER_EVENTS);
        long files = samples.stream().map(sample -> sample.source().replaceAll("\\[\\d+]$", "")).distinct().count();
        assertEquals(OrderEventType.values().length * 2, files, "a samples file and a golden event per type");
        for (var sample : samples) {
            var event = parser.parse(sample.bytes()).orElseThrow(() -> new AssertionError("skipped: " + sample));
            var json = read(sample);
            assertEquals(json.get("eventId"), event.eventId().toString(), sample::toString);
            assertEquals(json.get("eventType"), event.eventType(), sample::toString);
            @SuppressWarnings("unchecked")
            var payload = (Map<String, Object>) json.get("payload");
            assertEquals(((Number) payload.get("orderId")).longValue(), event.orderId(), sample::toString);
            assertEquals(((Number) payload.get("userId")).longValue(), event.userId(), sample::toString);
            assertEquals(((Number) payload.get("totalAmount")).longValue(), event.totalAmount(), sample::toString);
            assertEquals(payload.get("previousStatus"), event.previousStatus(), sample::toString);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(EventSamples.Sample sample) {
        try {
            return JsonMapper.createDefault().readValue(sample.bytes(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void unknownTypesAreNotForThisConsumer() {
        assertTrue(parser.parse(utf8(valid().replace("ORDER_CREATED", "ORDER_RETURNED"))).isEmpty());
    }

    @Test
    void malformedRecords() {
        String[] malformed = {
            "", "null", "[]", "{not json", "\"text\"",
            valid().replace("6f1c0e0a-9d4e-4b61-8d3e-2a9f0c1b7e55", "1-1-1-1-1"),
            valid().replace("\"orderId\":12", "\"orderId\":\"12\""),
            valid().replace("\"orderId\":12", "\"orderId\":1.5"),
            valid().replace("\"orderId\":12", "\"orderId\":0"),
            valid().replace("\"totalAmount\":15000", "\"totalAmount\":-1"),
            valid().replace("\"userId\":7", "\"userId\":123456789012345678901234567890"),
            valid().replace("\"userId\":7,", ""),
            valid().replaceAll("(?s)\"payload\":\\{.*}}", "\"payload\":null}"),
        };
        for (String record : malformed) {
            assertThrows(MalformedEventException.class, () -> parser.parse(utf8(record)), record);
        }
        assertThrows(MalformedEventException.class, () -> parser.parse(null));
    }
}
