package com.example.commerce.notification;

import com.example.commerce.contract.order.OrderPayload;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Which events the user is told about, and the message they read, in the configured language
 * ({@code commerce.notification.locale}). A cancellation no longer promises a refund: the refund has its own
 * notification (PAYMENT_REFUNDED) once the money is back. No notification: STOCK_RELEASE_REQUESTED (a step of
 * the compensation), PAYMENT_CAPTURED (ORDER_PAID already tells the user) and PAYMENT_REFUND_FAILED (an operator
 * matter: the refund is retried).
 */
@Singleton
public class NotificationTemplates {

    private final boolean korean;

    public NotificationTemplates(NotificationConfiguration config) {
        if (!"en".equals(config.locale()) && !"ko".equals(config.locale())) {
            throw new IllegalArgumentException("commerce.notification.locale must be en or ko, not " + config.locale());
        }
        this.korean = "ko".equals(config.locale());
    }

    /** The message of the event's notification, or empty if the event gets none. */
    public Optional<String> message(NotifiableEvent event) {
        return Optional.ofNullable(event instanceof OrderEvent order ? order(order) : payment((PaymentEvent) event));
    }

    private String order(OrderEvent event) {
        String total = amount(event.totalAmount());
        long order = event.orderId();
        return switch (event.type()) {
            case ORDER_CREATED -> korean ? "주문 #%d이 접수되었습니다. 결제 금액: %s원".formatted(order, total)
                    : "Your order #%d has been created. Total: %s".formatted(order, total);
            case ORDER_PAID -> korean ? "주문 #%d의 결제가 완료되었습니다. 결제 금액: %s원".formatted(order, total)
                    : "Your order #%d has been paid. Total: %s".formatted(order, total);
            case ORDER_CANCELLED -> cancelled(order, event.cancellationReason());
            case ORDER_SHIPPED -> korean ? "주문 #%d이 발송되었습니다.".formatted(order)
                    : "Your order #%d has been shipped.".formatted(order);
            case ORDER_DELIVERED -> korean ? "주문 #%d이 배송 완료되었습니다.".formatted(order)
                    : "Your order #%d has been delivered.".formatted(order);
            case STOCK_RELEASE_REQUESTED -> null;
        };
    }

    private String cancelled(long order, String reason) {
        if (OrderPayload.OUT_OF_STOCK.equals(reason)) {
            return korean ? "주문 #%d이 재고 부족으로 취소되었습니다.".formatted(order)
                    : "Your order #%d has been cancelled: an item is out of stock.".formatted(order);
        }
        if (OrderPayload.PAYMENT_TIMEOUT.equals(reason)) {
            return korean ? "주문 #%d이 결제 기한이 만료되어 취소되었습니다 (미결제).".formatted(order)
                    : "Your order #%d has expired unpaid and has been cancelled.".formatted(order);
        }
        return korean ? "주문 #%d이 취소되었습니다.".formatted(order)
                : "Your order #%d has been cancelled.".formatted(order);
    }

    private String payment(PaymentEvent event) {
        long order = event.orderId();
        return switch (event.type()) {
            case PAYMENT_FAILED -> korean
                    ? "주문 #%d의 결제가 거절되었습니다. 주문은 아직 결제하실 수 있습니다.".formatted(order)
                    : "The payment for your order #%d was declined. The order can still be paid.".formatted(order);
            case PAYMENT_REFUNDED -> korean
                    ? "주문 #%d의 결제가 환불되었습니다. 환불 금액: %s원".formatted(order, amount(event.amount()))
                    : "The payment for your order #%d has been refunded. Refund: %s".formatted(order,
                    amount(event.amount()));
            case PAYMENT_CAPTURED, PAYMENT_REFUND_FAILED -> null;
        };
    }

    /**
     * 1234567 as "1,234,567", as {@code NumberFormat.getIntegerInstance(Locale.US)} writes it, without building a
     * {@code DecimalFormat} per notification (5% of notification-fn's CPU draining a backlog).
     */
    static String amount(long amount) {
        String digits = Long.toString(amount);
        int sign = amount < 0 ? 1 : 0;
        int length = digits.length() - sign;
        var grouped = new StringBuilder(digits.length() + length / 3);
        grouped.append(digits, 0, sign);
        int lead = length % 3 == 0 ? 3 : length % 3;
        grouped.append(digits, sign, sign + lead);
        for (int i = sign + lead; i < digits.length(); i += 3) {
            grouped.append(',').append(digits, i, i + 3);
        }
        return grouped.toString();
    }
}
