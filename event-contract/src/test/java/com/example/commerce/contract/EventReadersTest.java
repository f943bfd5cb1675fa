package com.example.commerce.contract;

import com.example.commerce.contract.EventSamples.Sample;
import com.example.commerce.contract.activity.ActivityPayload;
import com.example.commerce.contract.activity.UserActivityEventReader;
import com.example.commerce.contract.activity.UserActivityEventType;
import com.example.commerce.contract.catalog.CatalogEventReader;
import com.example.commerce.contract.catalog.CatalogEventType;
import com.example.commerce.contract.catalog.LikePayload;
import com.example.commerce.contract.catalog.ProductPayload;
import com.example.commerce.contract.catalog.ViewPayload;
import com.example.commerce.contract.inventory.InventoryEventReader;
import com.example.commerce.contract.inventory.InventoryEventType;
import com.example.commerce.contract.inventory.ReservationPayload;
import com.example.commerce.contract.inventory.StockLevelPayload;
import com.example.commerce.contract.message.MemberPayload;
import com.example.commerce.contract.message.MessageEventReader;
import com.example.commerce.contract.message.MessageEventType;
import com.example.commerce.contract.message.MessagePayload;
import com.example.commerce.contract.notification.NotificationEventReader;
import com.example.commerce.contract.notification.NotificationEventType;
import com.example.commerce.contract.notification.NotificationSentPayload;
import com.example.commerce.contract.order.OrderEventReader;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.contract.order.OrderPayload;
import com.example.commerce.contract.payment.PaymentEventReader;
import com.example.commerce.contract.payment.PaymentEventType;
import com.example.commerce.contract.payment.PaymentPayload;
import com.example.commerce.contract.shipping.ShipmentPayload;
import com.example.commerce.contract.shipping.ShippingEventReader;
import com.example.commerce.contract.shipping.ShippingEventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract from the consumers' side: every schema-valid event of every type reads as what was written, golden
 * version 1 events still read (upcast) now that a type is at version 2, and the readers tolerate what they should
 * and nothing more.
 */
class EventReadersTest {

    /** Written as the functions write events: every field present, empty strings included. */
    private static final JsonMapper MAPPER = ApplicationContext.run(
            Map.of("micronaut.serde.serialization.inclusion", "ALWAYS")).getBean(JsonMapper.class);
    private static final ObjectMapper JACKSON = new ObjectMapper();

    private final OrderEventReader orders = new OrderEventReader(MAPPER);
    private final CatalogEventReader catalog = new CatalogEventReader(MAPPER);
    private final InventoryEventReader inventory = new InventoryEventReader(MAPPER);
    private final PaymentEventReader payments = new PaymentEventReader(MAPPER);
    private final ShippingEventReader shipping = new ShippingEventReader(MAPPER);
    private final MessageEventReader messages = new MessageEventReader(MAPPER);
    private final UserActivityEventReader activity = new UserActivityEventReader(MAPPER);
    private final NotificationEventReader notifications = new NotificationEventReader(MAPPER);

    /** The reader of the type's topic. */
    private Optional<? extends ConsumedEvent<?, ?>> read(EventType type, byte[] value) {
        return readerOf(type.topic()).read(value);
    }

    private Reader readerOf(String topic) {
        return switch (topic) {
            case Topics.ORDER_EVENTS -> orders::read;
            case Topics.CATALOG_EVENTS -> catalog::read;
            case Topics.INVENTORY_EVENTS -> inventory::read;
            case Topics.PAYMENT_EVENTS -> payments::read;
            case Topics.SHIPPING_EVENTS -> shipping::read;
            case Topics.MESSAGES -> messages::read;
            case Topics.USER_ACTIVITY -> activity::read;
            case Topics.NOTIFICATIONS_SENT -> notifications::read;
            default -> throw new IllegalArgumentException(topic);
        };
    }

    @FunctionalInterface
    private interface Reader {
        Optional<? extends ConsumedEvent<?, ?>> read(byte[] value);
    }

    /** The id field of the aggregate the type is about, as its payload names it. */
    private static String idField(EventType type) {
        if (type.topic().equals(Topics.MESSAGES)) {
            return "channelId";
        }
        if (type.topic().equals(Topics.USER_ACTIVITY) || type.topic().equals(Topics.NOTIFICATIONS_SENT)) {
            return "userId";
        }
        return type.topic().equals(Topics.CATALOG_EVENTS) || type == InventoryEventType.STOCK_LEVEL_CHANGED
                ? "productId" : "orderId";
    }

    @Test
    void everyTypeHasSamplesAndAGoldenVersion1Event() {
        assertEquals(34, EventSamples.types().size());
        for (EventType type : EventSamples.types()) {
            for (Sample sample : EventSamples.current(type)) {
                assertEquals(type.schemaVersion(), json(sample).path("schemaVersion").asInt(),
                        () -> sample + " is at the type's current version");
            }
            assertEquals(1, json(EventSamples.goldenV1(type)).path("schemaVersion").asInt());
        }
    }

    @Test
    void everyCurrentSampleReadsAsWritten() throws IOException {
        for (EventType type : EventSamples.types()) {
            for (Sample sample : EventSamples.current(type)) {
                ConsumedEvent<?, ?> event = read(type, sample.bytes()).orElseThrow(() ->
                        new AssertionError("not read: " + sample));
                assertEquals(type, event.type(), sample::toString);
                assertEquals(normalized(json(sample)), normalized(written(event)), sample::toString);
            }
        }
    }

    @Test
    void goldenVersion1EventsStillRead() throws IOException {
        for (EventType type : EventSamples.types()) {
            Sample golden = EventSamples.goldenV1(type);
            ConsumedEvent<?, ?> event = read(type, golden.bytes()).orElseThrow(() ->
                    new AssertionError("not read: " + golden));
            assertEquals(type, event.type());
            assertEquals(type.schemaVersion(), event.envelope().schemaVersion(), "upcast to the current version");
            ObjectNode expected = (ObjectNode) json(golden);
            expected.put("schemaVersion", type.schemaVersion());
            if (type == CatalogEventType.PRODUCT_VIEWED) {
                assertFalse(expected.path("payload").has("count"), "the golden view event is one without count");
                ((ObjectNode) expected.get("payload")).put("count", 1);
            }
            assertEquals(normalized(expected), normalized(written(event)), golden::toString);
        }
    }

    @Test
    void theProductViewedTypeIsAtVersion2AndItsVersion1CountIsKept() {
        assertEquals(2, CatalogEventType.PRODUCT_VIEWED.schemaVersion());
        String v1 = EventSamples.goldenV1(CatalogEventType.PRODUCT_VIEWED).json()
                .replace("\"userId\":7", "\"userId\":7,\"count\":4");
        assertTrue(EventSamples.validate(v1).isEmpty());
        var event = catalog.read(v1.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(4, ((ViewPayload) event.payload()).count());
        assertEquals(2, event.envelope().schemaVersion());

        String v2WithoutCount = EventSamples.current(CatalogEventType.PRODUCT_VIEWED).get(0).json()
                .replace(",\"count\":17", "");
        assertFalse(EventSamples.validate(v2WithoutCount).isEmpty(), "version 2 requires count");
        assertThrows(MalformedEventException.class, () -> catalog.read(v2WithoutCount.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void unknownFieldsAreIgnoredAndDescriptiveFieldsMayBeMissing() {
        String order = EventSamples.current(OrderEventType.ORDER_PAID).get(0).json()
                .replace("\"eventId\"", "\"traceId\":\"x\",\"eventId\"")
                .replace("\"orderId\"", "\"coupon\":{\"code\":\"A\"},\"orderId\"")
                .replace("\"status\":\"PAID\",", "")
                .replace("\"productName\":\"Book\",\"unitPrice\":15000,", "");
        var read = orders.read(order.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        OrderPayload payload = read.payload();
        assertEquals(201, payload.orderId());
        assertNull(payload.status());
        assertEquals(new OrderPayload.Line(21, null, null, 1, 15000), payload.items().get(0));
        assertTrue(payload.wasPaid() == false && "PENDING".equals(payload.previousStatus()));

        var product = catalog.read(("""
                {"eventId":"6f1c0e0a-9d4e-4b61-8d3e-2a9f0c1b7e55","eventType":"PRODUCT_CREATED","aggregateType":"Product",
                 "aggregateId":"5","aggregateVersion":1,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"productId":5}}""").getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(new ProductPayload(5, null, null, null, null, null, null, null, null), product.payload());

        var like = catalog.read(("""
                {"eventId":"6f1c0e0a-9d4e-4b61-8d3e-2a9f0c1b7e55","eventType":"PRODUCT_LIKED","aggregateType":"Product",
                 "aggregateId":"5","aggregateVersion":2,"occurredAt":"2026-11-21T10:00:00Z","schemaVersion":1,
                 "payload":{"productId":5}}""").getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(new LikePayload(5, null), like.payload());
    }

    @Test
    void anEventWithoutSchemaVersionIsOfVersion1() {
        String unversioned = EventSamples.goldenV1(CatalogEventType.PRODUCT_VIEWED).json()
                .replace("\"schemaVersion\":1,", "");
        assertFalse(unversioned.contains("schemaVersion"));
        var event = catalog.read(unversioned.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(1, ((ViewPayload) event.payload()).count());
        assertEquals(2, event.envelope().schemaVersion());
    }

    @Test
    void aNewerVersionIsReadAsTheCurrentOne() {
        String v3 = EventSamples.current(CatalogEventType.PRODUCT_VIEWED).get(0).json()
                .replace("\"schemaVersion\":2", "\"schemaVersion\":3").replace("\"count\":17", "\"count\":17,\"x\":1");
        var event = catalog.read(v3.getBytes(StandardCharsets.UTF_8)).orElseThrow();
        assertEquals(17, ((ViewPayload) event.payload()).count());
        assertEquals(3, event.envelope().schemaVersion());
    }

    @Test
    void typesOfNoTopicOrOfTheOtherTopicAreNotRead() {
        String order = EventSamples.current(OrderEventType.ORDER_CREATED).get(0).json();
        assertTrue(orders.read(order.replace("ORDER_CREATED", "ORDER_RETURNED").getBytes(StandardCharsets.UTF_8))
                .isEmpty());
        assertTrue(catalog.read(order.getBytes(StandardCharsets.UTF_8)).isEmpty());
        // Only the type and id are read before the type is known: the rest may be anything.
        assertTrue(orders.read("""
                {"eventId":"6f1c0e0a-9d4e-4b61-8d3e-2a9f0c1b7e55","eventType":"ORDER_RETURNED","payload":1}"""
                .getBytes(StandardCharsets.UTF_8)).isEmpty());
    }

    @Test
    void everyReaderSkipsTypesItsTopicDoesNotDefine() {
        var topics = List.of(Topics.ORDER_EVENTS, Topics.CATALOG_EVENTS, Topics.INVENTORY_EVENTS,
                Topics.PAYMENT_EVENTS, Topics.SHIPPING_EVENTS, Topics.MESSAGES, Topics.USER_ACTIVITY,
                Topics.NOTIFICATIONS_SENT);
        for (String topic : topics) {
            Reader reader = readerOf(topic);
            for (EventType type : EventSamples.types()) {
                String sample = EventSamples.current(type).get(0).json();
                assertEquals(type.topic().equals(topic), reader.read(sample.getBytes(StandardCharsets.UTF_8))
                        .isPresent(), () -> topic + " reading " + type);
            }
            // A type no topic defines yet, with nothing else readable: skipped, not refused.
            assertTrue(reader.read("""
                    {"eventId":"6f1c0e0a-9d4e-4b61-8d3e-2a9f0c1b7e55","eventType":"STOCK_COUNTED","payload":1}"""
                    .getBytes(StandardCharsets.UTF_8)).isEmpty(), topic);
        }
    }

    @Test
    void theSchemaHoldsTheSagaEventsToTheirTypes() {
        String shipped = EventSamples.current(OrderEventType.ORDER_SHIPPED).get(0).json();
        String level = EventSamples.current(InventoryEventType.STOCK_LEVEL_CHANGED).get(0).json();
        String untracked = EventSamples.current(InventoryEventType.STOCK_LEVEL_CHANGED).get(1).json();
        String rejected = EventSamples.current(InventoryEventType.STOCK_REJECTED).get(0).json();
        String reserved = EventSamples.current(InventoryEventType.STOCK_RESERVED).get(0).json();
        String captured = EventSamples.current(PaymentEventType.PAYMENT_CAPTURED).get(0).json();
        String scheduled = EventSamples.current(ShippingEventType.SHIPMENT_SCHEDULED).get(0).json();
        for (String invalid : List.of(
                shipped.replace("\"status\":\"SHIPPED\"", "\"status\":\"PAID\""),
                shipped.replace("\"cancellationReason\":null", "\"cancellationReason\":\"USER\""),
                EventSamples.current(OrderEventType.ORDER_CANCELLED).get(2).json()
                        .replace("OUT_OF_STOCK", "BORED"),
                level.replace("\"aggregateType\":\"Stock\"", "\"aggregateType\":\"Reservation\""),
                level.replace("\"available\":7", "\"available\":null"),
                untracked.replace("\"onHand\":null", "\"onHand\":4"),
                rejected.replaceAll("\"shortages\":\\[.*?]", "\"shortages\":null"),
                reserved.replace("\"shortages\":null", "\"shortages\":[]"),
                captured.replace("\"status\":\"CAPTURED\"", "\"status\":\"FAILED\""),
                captured.replace("\"reference\":\"sandbox-31\"", "\"reference\":null"),
                captured.replace("\"reason\":null", "\"reason\":null,\"coupon\":1"),
                scheduled.replace("\"shipmentId\":41", "\"shipmentId\":null"))) {
            assertFalse(EventSamples.validate(invalid).isEmpty(), invalid);
        }
    }

    @Test
    void theSagaPayloadsReadAsTheirRecords() {
        var cancelled = orders.read(EventSamples.current(OrderEventType.STOCK_RELEASE_REQUESTED).get(0).bytes())
                .orElseThrow();
        assertEquals(OrderPayload.OUT_OF_STOCK, cancelled.payload().cancellationReason());
        // Written before the saga: no cancellation reason, read as null.
        assertNull(orders.read(EventSamples.goldenV1(OrderEventType.ORDER_CANCELLED).bytes()).orElseThrow()
                .payload().cancellationReason());

        var rejected = inventory.read(EventSamples.current(InventoryEventType.STOCK_REJECTED).get(0).bytes())
                .orElseThrow();
        assertEquals(new ReservationPayload(203, List.of(), List.of(new ReservationPayload.Shortage(21, 4, 1))),
                rejected.payload());
        var levels = EventSamples.current(InventoryEventType.STOCK_LEVEL_CHANGED);
        assertEquals(new StockLevelPayload(21, true, 10L, 3L, 7L), inventory.read(levels.get(0).bytes())
                .orElseThrow().payload());
        assertEquals(new StockLevelPayload(22, false, null, null, null), inventory.read(levels.get(1).bytes())
                .orElseThrow().payload());
        assertEquals("Stock", inventory.read(levels.get(0).bytes()).orElseThrow().envelope().aggregateType());

        assertEquals(new PaymentPayload(201, 8, 31, 15000, PaymentPayload.REFUNDED, "sandbox-31", null),
                payments.read(EventSamples.current(PaymentEventType.PAYMENT_REFUNDED).get(0).bytes())
                        .orElseThrow().payload());
        assertEquals(new ShipmentPayload(203, null, ShipmentPayload.CANCELLED, null),
                shipping.read(EventSamples.current(ShippingEventType.SHIPMENT_CANCELLED).get(1).bytes())
                        .orElseThrow().payload());
    }

    @Test
    void malformedRecordsOfEveryType() {
        for (EventType type : EventSamples.types()) {
            String valid = EventSamples.current(type).get(0).json();
            var malformed = new ArrayList<>(List.of("", "null", "[]", "{not json", "\"text\"",
                    valid.replaceFirst("\"eventId\":\"[^\"]+\"", "\"eventId\":\"1-1-1-1-1\""),
                    valid.replaceFirst("\"eventId\":\"[^\"]+\",", ""),
                    valid.replace("\"schemaVersion\":" + type.schemaVersion(), "\"schemaVersion\":0"),
                    valid.replace("\"schemaVersion\":" + type.schemaVersion(), "\"schemaVersion\":\"1\""),
                    valid.replaceFirst("\"occurredAt\":\"[^\"]+\"", "\"occurredAt\":\"yesterday\""),
                    valid.replaceFirst("\"aggregateVersion\":\\d+", "\"aggregateVersion\":0"),
                    valid.replaceAll("(?s)\"payload\":\\{.*}}", "\"payload\":null}"),
                    valid.replaceAll("(?s)\"payload\":\\{.*}}", "\"payload\":[]}")));
            String id = idField(type);
            malformed.add(valid.replaceFirst("\"" + id + "\":\\d+", "\"" + id + "\":\"12\""));
            malformed.add(valid.replaceFirst("\"" + id + "\":\\d+", "\"" + id + "\":1.5"));
            malformed.add(valid.replaceFirst("\"" + id + "\":\\d+", "\"" + id + "\":0"));
            malformed.add(valid.replaceFirst("\"" + id + "\":\\d+", "\"" + id + "\":123456789012345678901234567890"));
            malformed.add(valid.replaceFirst("\"" + id + "\":\\d+,", ""));
            for (String record : malformed) {
                assertTrue(!record.equals(valid), () -> "the case changes the sample: " + record);
                assertThrows(MalformedEventException.class,
                        () -> read(type, record.getBytes(StandardCharsets.UTF_8)), () -> type + " " + record);
            }
            assertThrows(MalformedEventException.class, () -> read(type, null));
        }
        String order = EventSamples.current(OrderEventType.ORDER_PAID).get(0).json();
        for (String record : List.of(order.replace("\"totalAmount\":15000", "\"totalAmount\":-1"),
                order.replace("\"userId\":8,", ""), order.replace("\"quantity\":1", "\"quantity\":0"),
                order.replace("\"productName\":\"Book\"", "\"productName\":5"),
                order.replaceAll("\"items\":\\[.*]", "\"items\":{}"), order.replaceAll("\"items\":\\[.*]",
                        "\"items\":[1]"))) {
            assertThrows(MalformedEventException.class, () -> orders.read(record.getBytes(StandardCharsets.UTF_8)),
                    record);
        }
        String view = EventSamples.current(CatalogEventType.PRODUCT_VIEWED).get(0).json();
        assertThrows(MalformedEventException.class, () -> catalog.read(view.replace("\"count\":17", "\"count\":0")
                .getBytes(StandardCharsets.UTF_8)));

        String reserved = EventSamples.current(InventoryEventType.STOCK_RESERVED).get(0).json();
        String rejected = EventSamples.current(InventoryEventType.STOCK_REJECTED).get(0).json();
        String level = EventSamples.current(InventoryEventType.STOCK_LEVEL_CHANGED).get(0).json();
        for (String record : List.of(reserved.replace("\"quantity\":1", "\"quantity\":0"),
                reserved.replaceAll("\"lines\":\\[.*?]", "\"lines\":{}"),
                reserved.replaceAll("\"lines\":\\[.*?],", ""),
                reserved.replaceAll("\"lines\":\\[.*?]", "\"lines\":[1]"),
                rejected.replace("\"requested\":4", "\"requested\":0"),
                rejected.replaceAll("\"shortages\":\\[.*?]", "\"shortages\":{}"),
                rejected.replaceAll("\"shortages\":\\[.*?]", "\"shortages\":[\"21\"]"),
                level.replace("\"tracked\":true", "\"tracked\":\"true\""),
                level.replace("\"tracked\":true,", ""),
                level.replace("\"onHand\":10", "\"onHand\":-1"),
                level.replace("\"available\":7", "\"available\":7.5"))) {
            assertThrows(MalformedEventException.class, () -> inventory.read(record.getBytes(StandardCharsets.UTF_8)),
                    record);
        }
        String captured = EventSamples.current(PaymentEventType.PAYMENT_CAPTURED).get(0).json();
        for (String record : List.of(captured.replace("\"amount\":15000", "\"amount\":-1"),
                captured.replace("\"paymentId\":31,", ""), captured.replace("\"userId\":8", "\"userId\":0"),
                captured.replace("\"status\":\"CAPTURED\"", "\"status\":\"\""),
                captured.replace("\"reference\":\"sandbox-31\"", "\"reference\":31"))) {
            assertThrows(MalformedEventException.class, () -> payments.read(record.getBytes(StandardCharsets.UTF_8)),
                    record);
        }
        String scheduled = EventSamples.current(ShippingEventType.SHIPMENT_SCHEDULED).get(0).json();
        for (String record : List.of(scheduled.replace("\"shipmentId\":41", "\"shipmentId\":0"),
                scheduled.replace("\"shipmentId\":41", "\"shipmentId\":\"41\""),
                scheduled.replace("\"carrierReference\":\"carrier-41\"", "\"carrierReference\":41"))) {
            assertThrows(MalformedEventException.class, () -> shipping.read(record.getBytes(StandardCharsets.UTF_8)),
                    record);
        }
    }

    @Test
    void channelEventsReadAsTheirRecordsAndRefuseWhatCanNeverBeProcessed() {
        var created = messages.read(EventSamples.current(MessageEventType.MESSAGE_CREATED).get(0).bytes())
                .orElseThrow();
        assertEquals("61", created.envelope().aggregateId());
        assertEquals("Channel", created.envelope().aggregateType());
        var message = (MessagePayload) created.payload();
        assertEquals(List.of(9L), message.mentions());
        assertEquals("@kim 배포 계획 <b>draft</b> attached", message.content(), "markup is text, kept as written");
        assertEquals(new MessagePayload.Attachment("plan.pdf", 48213, "application/pdf",
                "https://files.example.com/plan.pdf"), message.attachments().get(0));
        assertNull(message.editedAt());
        var deleted = (MessagePayload) messages.read(EventSamples.current(MessageEventType.MESSAGE_DELETED).get(0)
                .bytes()).orElseThrow().payload();
        assertNull(deleted.content());
        assertTrue(deleted.mentions().isEmpty() && deleted.attachments().isEmpty());
        assertEquals(new MemberPayload(61, 9), messages.read(EventSamples.current(
                MessageEventType.CHANNEL_MEMBER_REMOVED).get(0).bytes()).orElseThrow().payload());

        String json = EventSamples.current(MessageEventType.MESSAGE_CREATED).get(0).json();
        String updated = EventSamples.current(MessageEventType.MESSAGE_UPDATED).get(0).json();
        for (String record : List.of(json.replaceFirst("\"content\":\"[^\"]*\"", "\"content\":null"),
                json.replace("\"mentions\":[9]", "\"mentions\":[\"kim\"]"),
                json.replace("\"mentions\":[9]", "\"mentions\":[0]"),
                json.replace("\"mentions\":[9]", "\"mentions\":9"),
                json.replace("\"size\":48213", "\"size\":-1"),
                json.replace("\"name\":\"plan.pdf\",", ""),
                json.replace("\"authorId\":8", "\"authorId\":\"8\""),
                updated.replace("\"messageId\":71,", ""))) {
            assertThrows(MalformedEventException.class, () -> messages.read(record.getBytes(StandardCharsets.UTF_8)),
                    record);
        }
        // The schema holds each type to its shape: a deletion carries no content, a creation no edit time.
        String deletion = EventSamples.current(MessageEventType.MESSAGE_DELETED).get(0).json();
        for (String invalid : List.of(deletion.replace("\"content\":null", "\"content\":\"x\""),
                json.replace("\"editedAt\":null", "\"editedAt\":\"2026-11-21T10:05:00Z\""),
                json.replaceFirst("\"content\":\"[^\"]*\"", "\"content\":\"\""),
                json.replaceFirst("\"content\":\"[^\"]*\"", "\"content\":\"" + "x".repeat(4001) + "\""),
                json.replace("\"aggregateType\":\"Channel\"", "\"aggregateType\":\"Order\""))) {
            assertFalse(EventSamples.validate(invalid).isEmpty(), invalid);
        }
    }

    @Test
    void activityAndNotificationEventsReadAsTheirRecordsAndRefuseWhatCanNeverBeProcessed() {
        var login = activity.read(EventSamples.current(UserActivityEventType.USER_LOGGED_IN).get(0).bytes())
                .orElseThrow();
        assertEquals("UserActivity", login.envelope().aggregateType());
        assertEquals(new ActivityPayload(9, Instant.parse("2026-11-21T23:59:59.999999Z"), null, null),
                login.payload());
        assertEquals(new ActivityPayload(8, Instant.parse("2026-11-21T10:00:00.123456Z"), 61L, 71L), activity.read(
                EventSamples.current(UserActivityEventType.MESSAGE_POSTED).get(0).bytes()).orElseThrow().payload());
        var mention = notifications.read(EventSamples.current(NotificationEventType.NOTIFICATION_SENT).get(1).bytes())
                .orElseThrow();
        assertEquals(new NotificationSentPayload(302, 9, "MENTION", null, 61L, 71L,
                Instant.parse("2026-11-21T10:00:02Z")), mention.payload());

        String joined = EventSamples.current(UserActivityEventType.CHANNEL_JOINED).get(0).json();
        String posted = EventSamples.current(UserActivityEventType.MESSAGE_POSTED).get(0).json();
        String sent = EventSamples.current(NotificationEventType.NOTIFICATION_SENT).get(0).json();
        for (String record : List.of(joined.replace("\"channelId\":61", "\"channelId\":null"),
                posted.replace("\"messageId\":71", "\"messageId\":null"),
                posted.replace("\"messageId\":71", "\"messageId\":0"),
                posted.replace("\"userId\":8,\"occurredAt\":\"2026-11-21T10:00:00.123456Z\"",
                        "\"userId\":8,\"occurredAt\":\"today\""),
                sent.replace("\"type\":\"ORDER_PAID\"", "\"type\":\"\""),
                sent.replace("\"notificationId\":301,", ""),
                sent.replace("\"orderId\":201", "\"orderId\":\"201\""))) {
            Reader reader = readerOf(record.contains("NOTIFICATION_SENT") ? Topics.NOTIFICATIONS_SENT
                    : Topics.USER_ACTIVITY);
            assertThrows(MalformedEventException.class, () -> reader.read(record.getBytes(StandardCharsets.UTF_8)),
                    record);
        }
        // The schema holds each type to its shape: a log-in names no channel, a post its message.
        String login0 = EventSamples.current(UserActivityEventType.USER_LOGGED_IN).get(0).json();
        for (String invalid : List.of(login0.replace("\"channelId\":null", "\"channelId\":61"),
                posted.replace("\"messageId\":71", "\"messageId\":null"),
                posted.replace("\"aggregateType\":\"UserActivity\"", "\"aggregateType\":\"Channel\""),
                sent.replace("\"aggregateType\":\"UserNotifications\"", "\"aggregateType\":\"UserActivity\""),
                sent.replace("\"createdAt\":\"2026-11-21T10:00:01.5Z\"", "\"createdAt\":null"))) {
            assertFalse(EventSamples.validate(invalid).isEmpty(), invalid);
        }
    }

    @Test
    void aGapInATypesUpcastersIsRefused() {
        var refused = assertThrows(IllegalArgumentException.class,
                () -> Upcasters.of(List.of(CatalogEventType.values()), List.of()));
        assertTrue(refused.getMessage().contains("PRODUCT_VIEWED from version 1"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Upcasters.of(List.of(CatalogEventType.values()),
                List.of(CatalogEventReader.UPCASTERS.get(0), CatalogEventReader.UPCASTERS.get(0))));
    }

    private static JsonNode json(Sample sample) {
        try {
            return JACKSON.readTree(sample.json());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The typed event written back as JSON, as a producer would. */
    private static JsonNode written(ConsumedEvent<?, ?> event) throws IOException {
        return JACKSON.readTree(MAPPER.writeValueAsString(event.envelope()));
    }

    /** Without null fields (absent and null mean the same to readers), instants in one notation. */
    private static JsonNode normalized(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JACKSON.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                var field = fields.next();
                if (!field.getValue().isNull()) {
                    copy.set(field.getKey(), normalized(field.getValue()));
                }
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JACKSON.createArrayNode();
            node.forEach(element -> copy.add(normalized(element)));
            return copy;
        }
        if (node.isTextual() && node.asText().endsWith("Z")) {
            try {
                return new TextNode(Instant.parse(node.asText()).toString());
            } catch (DateTimeParseException e) {
                return node;
            }
        }
        return node;
    }
}
