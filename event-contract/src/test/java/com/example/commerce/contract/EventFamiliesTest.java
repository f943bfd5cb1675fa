package com.example.commerce.contract;

import com.example.commerce.contract.activity.UserActivityEventType;
import com.example.commerce.contract.catalog.CatalogEventType;
import com.example.commerce.contract.inventory.InventoryEventType;
import com.example.commerce.contract.message.MessageEventType;
import com.example.commerce.contract.notification.NotificationEventType;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.contract.payment.PaymentEventType;
import com.example.commerce.contract.shipping.ShippingEventType;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The relay sends an aggregate's events back to back and relies on them all reaching one partition, where the
 * idempotent producer keeps their order (docs/events.md): that holds only while every aggregate type is published
 * to one topic, under its aggregate id as key.
 */
class EventFamiliesTest {

    private static final List<Class<? extends Enum<? extends EventType>>> TYPES = List.of(CatalogEventType.class,
            UserActivityEventType.class, NotificationEventType.class, OrderEventType.class, PaymentEventType.class,
            ShippingEventType.class, InventoryEventType.class, MessageEventType.class);

    @Test
    void everyAggregateTypeIsPublishedToOneTopic() {
        Map<String, String> topicOfAggregateType = new HashMap<>();
        TYPES.stream().flatMap(type -> Stream.of(type.getEnumConstants())).map(EventType.class::cast).forEach(type -> {
            String earlier = topicOfAggregateType.putIfAbsent(type.aggregateType(), type.topic());
            if (earlier != null) {
                assertEquals(earlier, type.topic(), () -> type + " puts aggregate type " + type.aggregateType()
                        + " on a second topic: its events could overtake each other");
            }
        });
        assertEquals(9, topicOfAggregateType.size(), () -> "a new aggregate type? list its enum above: "
                + topicOfAggregateType);
    }
}
