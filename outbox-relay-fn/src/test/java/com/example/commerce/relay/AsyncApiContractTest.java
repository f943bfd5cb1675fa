package com.example.commerce.relay;

import com.example.commerce.contract.EventEnvelope;
import com.example.commerce.contract.EventType;
import com.example.commerce.contract.Topics;
import com.example.commerce.contract.activity.ActivityPayload;
import com.example.commerce.contract.activity.UserActivityEventType;
import com.example.commerce.contract.catalog.CatalogEventType;
import com.example.commerce.contract.catalog.CatalogPayload;
import com.example.commerce.contract.catalog.LikePayload;
import com.example.commerce.contract.catalog.ProductPayload;
import com.example.commerce.contract.catalog.ViewPayload;
import com.example.commerce.contract.inventory.InventoryEventType;
import com.example.commerce.contract.inventory.InventoryPayload;
import com.example.commerce.contract.inventory.ReservationPayload;
import com.example.commerce.contract.inventory.StockLevelPayload;
import com.example.commerce.contract.message.ChannelPayload;
import com.example.commerce.contract.message.MemberPayload;
import com.example.commerce.contract.message.MessageEventType;
import com.example.commerce.contract.message.MessagePayload;
import com.example.commerce.contract.notification.NotificationEventType;
import com.example.commerce.contract.notification.NotificationSentPayload;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.contract.order.OrderPayload;
import com.example.commerce.contract.payment.PaymentEventType;
import com.example.commerce.contract.payment.PaymentPayload;
import com.example.commerce.contract.shipping.ShipmentPayload;
import com.example.commerce.contract.shipping.ShippingEventType;
import com.example.commerce.outbox.Outbox;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.micronaut.context.annotation.Value;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the relay publishes, to the real (embedded) Kafka, is what event-contract's asyncapi.yaml describes: for an
 * event of every type appended through the outbox, the record's topic is the address of a channel that lists the
 * type's message, its key and headers match the message's key and headers schemas, and its value matches the
 * message's payload (the type in events.schema.json).
 */
@MicronautTest(environments = "outbox-relay-fn", transactional = false)
class AsyncApiContractTest {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig STRICT = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EVENT_TOPICS = List.of(Topics.ORDER_EVENTS, Topics.CATALOG_EVENTS,
            Topics.INVENTORY_EVENTS, Topics.PAYMENT_EVENTS, Topics.SHIPPING_EVENTS, Topics.MESSAGES,
            Topics.USER_ACTIVITY, Topics.NOTIFICATIONS_SENT);

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    TransactionOperations<Connection> transactions;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    @Test
    void everyEventTheRelayPublishesMatchesItsChannelAndMessage() throws IOException {
        Map<String, Object> asyncApi = asyncApi();
        assertEquals("3.0.0", asyncApi.get("asyncapi"));

        // Ids far above what other tests of the build use; events on the real topics.
        long id = ThreadLocalRandom.current().nextLong(1L << 50, 1L << 51);
        var appended = new LinkedHashMap<UUID, EventEnvelope<?>>();
        transactions.executeWrite(status -> {
            for (OrderEventType type : OrderEventType.values()) {
                var envelope = outbox.append(type, String.valueOf(id), type.ordinal() + 1, order(type, id));
                appended.put(envelope.eventId(), envelope);
            }
            for (CatalogEventType type : CatalogEventType.values()) {
                var envelope = outbox.append(type, String.valueOf(id + 1), type.ordinal() + 1, catalog(type, id + 1));
                appended.put(envelope.eventId(), envelope);
            }
            for (InventoryEventType type : InventoryEventType.values()) {
                // A reservation is keyed by order id, a stock level by product id.
                long aggregate = type == InventoryEventType.STOCK_LEVEL_CHANGED ? id + 1 : id;
                var envelope = outbox.append(type, String.valueOf(aggregate), type.ordinal() + 1,
                        inventory(type, id, id + 1));
                appended.put(envelope.eventId(), envelope);
            }
            for (PaymentEventType type : PaymentEventType.values()) {
                var envelope = outbox.append(type, String.valueOf(id), type.ordinal() + 1, payment(type, id));
                appended.put(envelope.eventId(), envelope);
            }
            for (ShippingEventType type : ShippingEventType.values()) {
                var envelope = outbox.append(type, String.valueOf(id), type.ordinal() + 1, shipment(type, id));
                appended.put(envelope.eventId(), envelope);
            }
            for (MessageEventType type : MessageEventType.values()) {
                // Keyed by channel id.
                var envelope = outbox.append(type, String.valueOf(id + 2), type.ordinal() + 1,
                        channel(type, id + 2, id + 3));
                appended.put(envelope.eventId(), envelope);
            }
            for (UserActivityEventType type : UserActivityEventType.values()) {
                // Keyed by user id.
                var envelope = outbox.append(type, String.valueOf(id + 4), type.ordinal() + 1,
                        activity(type, id + 4, id + 2, id + 3));
                appended.put(envelope.eventId(), envelope);
            }
            var sent = outbox.append(NotificationEventType.NOTIFICATION_SENT, String.valueOf(id + 4),
                    id + 5, new NotificationSentPayload(id + 5, id + 4, "MENTION", null, id + 2,
                            id + 3, Instant.parse("2026-11-21T10:00:02Z")));
            appended.put(sent.eventId(), sent);
            return null;
        });
        relay.drain();

        Map<UUID, ConsumerRecord<String, String>> published = read(appended.keySet());
        assertEquals(appended.keySet(), published.keySet(), "every appended event was published");

        var covered = new TreeSet<String>();
        for (var entry : published.entrySet()) {
            EventEnvelope<?> envelope = appended.get(entry.getKey());
            ConsumerRecord<String, String> record = entry.getValue();
            String where = envelope.eventType() + " on " + record.topic();

            Map<String, Object> channel = channelAt(asyncApi, record.topic());
            assertNotNull(channel, () -> "no channel has the address " + record.topic());
            Map<String, Object> message = resolved(asyncApi, map(channel.get("messages")).get(envelope.eventType()));
            assertNotNull(message, () -> "channel " + record.topic() + " has no message " + envelope.eventType());
            assertEquals(envelope.eventType(), message.get("name"));
            covered.add(record.topic() + " " + message.get("name"));

            Map<String, Object> key = map(map(map(message.get("bindings")).get("kafka")).get("key"));
            assertValid(SCHEMAS.getSchema(JSON.writeValueAsString(key), STRICT),
                    JSON.writeValueAsString(record.key()), where + " key");
            assertEquals(envelope.aggregateId(), record.key(), where + ": keyed by the aggregate id");

            var headers = new LinkedHashMap<String, String>();
            for (Header header : record.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            assertTrue(headers.containsKey("traceparent"), where + " carries its trace");
            assertValid(SCHEMAS.getSchema(JSON.writeValueAsString(message.get("headers")), STRICT),
                    JSON.writeValueAsString(headers), where + " headers " + headers);

            String payloadRef = (String) map(message.get("payload")).get("$ref");
            assertTrue(payloadRef.startsWith("events.schema.json#/"), payloadRef);
            JsonSchema payload = SCHEMAS.getSchema(SchemaLocation.of(
                    "classpath:events/" + payloadRef), STRICT);
            assertValid(payload, record.value(), where + " value");
            var value = JSON.readTree(record.value());
            assertEquals(envelope.eventId().toString(), value.get("eventId").asText());
            assertEquals(typeOf(envelope.eventType()).schemaVersion(), value.get("schemaVersion").asInt(),
                    where + " at the type's current schema version");
        }

        var described = new TreeSet<String>();
        for (String topic : EVENT_TOPICS) {
            map(channelAt(asyncApi, topic).get("messages")).keySet().forEach(name -> described.add(topic + " " + name));
        }
        assertEquals(described, covered, "every message of the event channels was published and checked");
    }

    @Test
    void aRecordThatBreaksItsMessageIsRefused() throws IOException {
        // The checks above can fail: a value of one type against another type's message, a bad traceparent.
        Map<String, Object> asyncApi = asyncApi();
        Map<String, Object> paid = resolved(asyncApi,
                map(channelAt(asyncApi, Topics.ORDER_EVENTS).get("messages")).get("ORDER_PAID"));
        String created = """
                {"eventId":"1b4e28ba-2fa1-11d2-883f-0016d3cca427","eventType":"ORDER_CREATED","aggregateType":"Order",
                 "aggregateId":"12","aggregateVersion":1,"occurredAt":"2026-01-01T00:00:00Z","schemaVersion":1,
                 "payload":{"orderId":12,"userId":3,"status":"PENDING","previousStatus":null,"totalAmount":15000,
                 "items":[{"productId":1,"productName":"Book","unitPrice":15000,"quantity":1,"lineTotal":15000}]}}""";
        JsonSchema paidPayload = SCHEMAS.getSchema(SchemaLocation.of(
                "classpath:events/" + map(paid.get("payload")).get("$ref")), STRICT);
        assertFalse(paidPayload.validate(created, InputFormat.JSON).isEmpty());
        JsonSchema headers = SCHEMAS.getSchema(JSON.writeValueAsString(paid.get("headers")), STRICT);
        var good = Map.of("eventId", "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "eventType", "ORDER_PAID",
                "aggregateType", "Order", "aggregateVersion", "2",
                "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertTrue(headers.validate(JSON.writeValueAsString(good), InputFormat.JSON).isEmpty());
        var badTrace = new HashMap<>(good);
        badTrace.put("traceparent", "none");
        assertFalse(headers.validate(JSON.writeValueAsString(badTrace), InputFormat.JSON).isEmpty());
        var otherType = new HashMap<>(good);
        otherType.put("eventType", "ORDER_CREATED");
        assertFalse(headers.validate(JSON.writeValueAsString(otherType), InputFormat.JSON).isEmpty());
    }

    private static OrderPayload order(OrderEventType type, long orderId) {
        String status = switch (type) {
            case ORDER_CREATED -> OrderPayload.PENDING;
            case ORDER_PAID -> OrderPayload.PAID;
            case ORDER_SHIPPED -> OrderPayload.SHIPPED;
            case ORDER_DELIVERED -> OrderPayload.DELIVERED;
            case ORDER_CANCELLED, STOCK_RELEASE_REQUESTED -> OrderPayload.CANCELLED;
        };
        String previous = switch (type) {
            case ORDER_CREATED -> null;
            case ORDER_PAID -> OrderPayload.PENDING;
            case ORDER_SHIPPED -> OrderPayload.PAID;
            case ORDER_DELIVERED -> OrderPayload.SHIPPED;
            case ORDER_CANCELLED -> OrderPayload.PAID;
            case STOCK_RELEASE_REQUESTED -> OrderPayload.CANCELLED;
        };
        String reason = status.equals(OrderPayload.CANCELLED) ? OrderPayload.CANCELLED_BY_USER : null;
        return new OrderPayload(orderId, 7, status, previous, 30000,
                List.of(new OrderPayload.Line(orderId, "AsyncAPI check", 15000L, 2, 30000)), reason);
    }

    private static CatalogPayload catalog(CatalogEventType type, long productId) {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        return switch (type) {
            case PRODUCT_CREATED, PRODUCT_UPDATED -> new ProductPayload(productId, "AsyncAPI check", "", "books",
                    "acme", 15000L, ProductPayload.ACTIVE, now, now);
            case PRODUCT_DELETED -> new ProductPayload(productId, "AsyncAPI check", "", "books", "acme", 15000L,
                    ProductPayload.INACTIVE, now, now);
            case PRODUCT_LIKED, PRODUCT_UNLIKED -> new LikePayload(productId, 7L);
            case PRODUCT_VIEWED -> new ViewPayload(productId, null, 3);
        };
    }

    private static InventoryPayload inventory(InventoryEventType type, long orderId, long productId) {
        var lines = List.of(new ReservationPayload.Line(productId, 2));
        return switch (type) {
            case STOCK_RESERVED, STOCK_DEDUCTED, STOCK_RELEASED -> new ReservationPayload(orderId, lines, null);
            case STOCK_REJECTED -> new ReservationPayload(orderId, List.of(),
                    List.of(new ReservationPayload.Shortage(productId, 2, 1)));
            case STOCK_LEVEL_CHANGED -> new StockLevelPayload(productId, true, 10L, 2L, 8L);
        };
    }

    private static PaymentPayload payment(PaymentEventType type, long orderId) {
        return switch (type) {
            case PAYMENT_CAPTURED -> new PaymentPayload(orderId, 7, 3, 30000, PaymentPayload.CAPTURED, "ref-3", null);
            case PAYMENT_FAILED -> new PaymentPayload(orderId, 7, 2, 30000, PaymentPayload.FAILED, null, "declined");
            case PAYMENT_REFUNDED -> new PaymentPayload(orderId, 7, 3, 30000, PaymentPayload.REFUNDED, "ref-3", null);
            case PAYMENT_REFUND_FAILED -> new PaymentPayload(orderId, 7, 3, 30000, PaymentPayload.REFUND_FAILED,
                    "ref-3", "refund declined");
        };
    }

    private static ShipmentPayload shipment(ShippingEventType type, long orderId) {
        String status = switch (type) {
            case SHIPMENT_SCHEDULED -> ShipmentPayload.SCHEDULED;
            case SHIPMENT_CANCELLED -> ShipmentPayload.CANCELLED;
            case SHIPMENT_SHIPPED -> ShipmentPayload.SHIPPED;
            case SHIPMENT_DELIVERED -> ShipmentPayload.DELIVERED;
        };
        return new ShipmentPayload(orderId, 5L, status, "carrier-5");
    }

    private static ChannelPayload channel(MessageEventType type, long channelId, long messageId) {
        Instant created = Instant.parse("2026-11-21T10:00:00Z");
        var attachments = List.of(new MessagePayload.Attachment("a.txt", 3, "text/plain", "https://example.com/a"));
        return switch (type) {
            case MESSAGE_CREATED -> new MessagePayload(messageId, channelId, 7, "AsyncAPI check", List.of(8L),
                    attachments, created, null);
            case MESSAGE_UPDATED -> new MessagePayload(messageId, channelId, 7, "AsyncAPI check, edited",
                    List.of(8L), attachments, created, created.plusSeconds(5));
            case MESSAGE_DELETED -> new MessagePayload(messageId, channelId, 7, null, List.of(), List.of(), created,
                    created.plusSeconds(5));
            case CHANNEL_MEMBER_ADDED, CHANNEL_MEMBER_REMOVED -> new MemberPayload(channelId, 8);
        };
    }

    private static ActivityPayload activity(UserActivityEventType type, long userId, long channelId, long messageId) {
        Instant at = Instant.parse("2026-11-21T10:00:00Z");
        return switch (type) {
            case USER_LOGGED_IN -> ActivityPayload.loggedIn(userId, at);
            case CHANNEL_JOINED -> ActivityPayload.joined(userId, channelId, at);
            case MESSAGE_POSTED -> ActivityPayload.posted(userId, channelId, messageId, at);
        };
    }

    private static EventType typeOf(String eventType) {
        return OrderEventType.named(eventType).map(EventType.class::cast)
                .or(() -> CatalogEventType.named(eventType))
                .or(() -> InventoryEventType.named(eventType))
                .or(() -> PaymentEventType.named(eventType))
                .or(() -> ShippingEventType.named(eventType))
                .or(() -> MessageEventType.named(eventType))
                .or(() -> UserActivityEventType.named(eventType))
                .or(() -> NotificationEventType.named(eventType)).orElseThrow();
    }

    /** The records of the event topics whose eventId header is one of {@code eventIds}, read from the beginning. */
    private Map<UUID, ConsumerRecord<String, String>> read(Set<UUID> eventIds) {
        var found = new HashMap<UUID, ConsumerRecord<String, String>>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "max.poll.records", 5000), new StringDeserializer(), new StringDeserializer())) {
            var partitions = new ArrayList<TopicPartition>();
            for (String topic : EVENT_TOPICS) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (found.size() < eventIds.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    Header eventId = record.headers().lastHeader("eventId");
                    if (eventId != null) {
                        UUID id = UUID.fromString(new String(eventId.value(), StandardCharsets.UTF_8));
                        if (eventIds.contains(id)) {
                            found.put(id, record);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static void assertValid(JsonSchema schema, String json, String what) {
        Set<ValidationMessage> errors = schema.validate(json, InputFormat.JSON);
        assertTrue(errors.isEmpty(), () -> what + ": " + json + " -> " + errors);
    }

    private static Map<String, Object> asyncApi() throws IOException {
        try (InputStream in = AsyncApiContractTest.class.getClassLoader()
                .getResourceAsStream("events/asyncapi.yaml")) {
            assertNotNull(in, "events/asyncapi.yaml on the class path (event-contract)");
            return new Yaml().load(in);
        }
    }

    private static Map<String, Object> channelAt(Map<String, Object> asyncApi, String address) {
        for (Object channel : map(asyncApi.get("channels")).values()) {
            if (address.equals(map(channel).get("address"))) {
                return map(channel);
            }
        }
        return null;
    }

    /**
     * The node with every reference within the document ({@code #/...}) replaced by what it points to;
     * references to events.schema.json are left as they are.
     */
    @SuppressWarnings("unchecked")
    private static <T> T resolved(Map<String, Object> asyncApi, Object node) {
        if (node instanceof Map<?, ?> object) {
            Object ref = object.get("$ref");
            if (ref instanceof String pointer && pointer.startsWith("#/")) {
                Object target = asyncApi;
                for (String part : pointer.substring(2).split("/")) {
                    target = map(target).get(part);
                    assertNotNull(target, () -> "unresolved " + pointer);
                }
                return resolved(asyncApi, target);
            }
            var copy = new LinkedHashMap<String, Object>();
            object.forEach((name, value) -> copy.put((String) name, resolved(asyncApi, value)));
            return (T) copy;
        }
        if (node instanceof List<?> list) {
            return (T) list.stream().map(element -> resolved(asyncApi, element)).toList();
        }
        return (T) node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }
}
