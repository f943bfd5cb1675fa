package com.example.commerce.notification;

import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.contract.payment.PaymentEventType;
import org.junit.jupiter.api.Test;

import java.text.NumberFormat;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NotificationTemplatesTest {

    private static NotificationTemplates templates(String locale) {
        return new NotificationTemplates(new NotificationConfiguration(locale, "dlq", "payment-dlq", Duration.ZERO));
    }

    private static OrderEvent event(String type, String previousStatus) {
        return cancelled(type, previousStatus, null);
    }

    private static OrderEvent cancelled(String type, String previousStatus, String reason) {
        return new OrderEvent(UUID.randomUUID(), OrderEventType.valueOf(type), 12, 1, 1_234_500, previousStatus,
                reason);
    }

    private static PaymentEvent payment(String type) {
        return new PaymentEvent(UUID.randomUUID(), PaymentEventType.valueOf(type), 12, 1, 1_234_500);
    }

    @Test
    void amountsAreGroupedAsNumberFormatGroupsThem() {
        var format = NumberFormat.getIntegerInstance(Locale.US);
        for (long amount : new long[] {0, 7, 12, 123, 1_000, 12_345, 123_456, 1_234_500, 999_999_999, -1, -1_000,
                -123_456_789, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(format.format(amount), NotificationTemplates.amount(amount), String.valueOf(amount));
        }
    }

    @Test
    void koreanMessages() {
        var ko = templates("ko");
        assertEquals(Optional.of("주문 #12이 접수되었습니다. 결제 금액: 1,234,500원"), ko.message(event("ORDER_CREATED", null)));
        assertEquals(Optional.of("주문 #12의 결제가 완료되었습니다. 결제 금액: 1,234,500원"),
                ko.message(event("ORDER_PAID", "PENDING")));
        assertEquals(Optional.of("주문 #12이 취소되었습니다."), ko.message(event("ORDER_CANCELLED", "PENDING")));
        // The refund has its own notification: the cancellation promises none.
        assertEquals(Optional.of("주문 #12이 취소되었습니다."), ko.message(cancelled("ORDER_CANCELLED", "PAID", "USER")));
        assertEquals(Optional.of("주문 #12이 재고 부족으로 취소되었습니다."),
                ko.message(cancelled("ORDER_CANCELLED", "PAID", "OUT_OF_STOCK")));
        assertEquals(Optional.of("주문 #12이 결제 기한이 만료되어 취소되었습니다 (미결제)."),
                ko.message(cancelled("ORDER_CANCELLED", "PENDING", "PAYMENT_TIMEOUT")));
        assertEquals(Optional.of("주문 #12이 발송되었습니다."), ko.message(event("ORDER_SHIPPED", "PAID")));
        assertEquals(Optional.of("주문 #12이 배송 완료되었습니다."), ko.message(event("ORDER_DELIVERED", "SHIPPED")));
        assertEquals(Optional.of("주문 #12의 결제가 거절되었습니다. 주문은 아직 결제하실 수 있습니다."),
                ko.message(payment("PAYMENT_FAILED")));
        assertEquals(Optional.of("주문 #12의 결제가 환불되었습니다. 환불 금액: 1,234,500원"),
                ko.message(payment("PAYMENT_REFUNDED")));
    }

    @Test
    void englishMessages() {
        var en = templates("en");
        assertEquals(Optional.of("Your order #12 has been created. Total: 1,234,500"),
                en.message(event("ORDER_CREATED", null)));
        assertEquals(Optional.of("Your order #12 has been cancelled."), en.message(event("ORDER_CANCELLED", "PENDING")));
        assertEquals(Optional.of("Your order #12 has been cancelled."), en.message(event("ORDER_CANCELLED", "PAID")));
        assertEquals(Optional.of("Your order #12 has been cancelled: an item is out of stock."),
                en.message(cancelled("ORDER_CANCELLED", "PENDING", "OUT_OF_STOCK")));
        assertEquals(Optional.of("Your order #12 has expired unpaid and has been cancelled."),
                en.message(cancelled("ORDER_CANCELLED", "PENDING", "PAYMENT_TIMEOUT")));
        assertEquals(Optional.of("Your order #12 has been shipped."), en.message(event("ORDER_SHIPPED", "PAID")));
        assertEquals(Optional.of("Your order #12 has been delivered."), en.message(event("ORDER_DELIVERED", "SHIPPED")));
        assertEquals(Optional.of("The payment for your order #12 was declined. The order can still be paid."),
                en.message(payment("PAYMENT_FAILED")));
        assertEquals(Optional.of("The payment for your order #12 has been refunded. Refund: 1,234,500"),
                en.message(payment("PAYMENT_REFUNDED")));
    }

    @Test
    void eventsThatTellTheUserNothingNew() {
        for (var templates : List.of(templates("en"), templates("ko"))) {
            assertEquals(Optional.empty(), templates.message(cancelled("STOCK_RELEASE_REQUESTED", "CANCELLED",
                    "OUT_OF_STOCK")));
            assertEquals(Optional.empty(), templates.message(payment("PAYMENT_CAPTURED")));
            assertEquals(Optional.empty(), templates.message(payment("PAYMENT_REFUND_FAILED")));
        }
    }
}
