package com.example.commerce.notification;

import com.example.commerce.contract.order.OrderEventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NotificationTemplatesTest {

    private static NotificationTemplates templates(String locale) {
        return new NotificationTemplates(new NotificationConfiguration(locale, "dlq", Duration.ZERO));
    }

    private static OrderEvent event(String type, String previousStatus) {
        return new OrderEvent(UUID.randomUUID(), OrderEventType.valueOf(type), 12, 1, 1_234_500, previousStatus);
    }

    @Test
    void koreanMessages() {
        var ko = templates("ko");
        assertEquals("주문 #12이 접수되었습니다. 결제 금액: 1,234,500원", ko.message(event("ORDER_CREATED", null)));
        assertEquals("주문 #12의 결제가 완료되었습니다. 결제 금액: 1,234,500원", ko.message(event("ORDER_PAID", "PENDING")));
        assertEquals("주문 #12이 취소되었습니다.", ko.message(event("ORDER_CANCELLED", "PENDING")));
        assertEquals("주문 #12이 취소되었습니다. 환불 금액: 1,234,500원", ko.message(event("ORDER_CANCELLED", "PAID")));
    }

    @Test
    void englishMessages() {
        var en = templates("en");
        assertEquals("Your order #12 has been created. Total: 1,234,500", en.message(event("ORDER_CREATED", null)));
        assertEquals("Your order #12 has been cancelled.", en.message(event("ORDER_CANCELLED", "PENDING")));
    }
}
