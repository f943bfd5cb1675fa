package com.example.commerce.notification;

import jakarta.inject.Singleton;

import java.text.NumberFormat;
import java.util.Locale;

/** The message a user reads for an order event, in the configured language ({@code commerce.notification.locale}). */
@Singleton
public class NotificationTemplates {

    private final String language;

    public NotificationTemplates(NotificationConfiguration config) {
        if (!"en".equals(config.locale()) && !"ko".equals(config.locale())) {
            throw new IllegalArgumentException("commerce.notification.locale must be en or ko, not " + config.locale());
        }
        this.language = config.locale();
    }

    public String message(OrderEvent event) {
        String total = NumberFormat.getIntegerInstance(Locale.US).format(event.totalAmount());
        long order = event.orderId();
        if ("ko".equals(language)) {
            return switch (event.type()) {
                case ORDER_CREATED -> "주문 #%d이 접수되었습니다. 결제 금액: %s원".formatted(order, total);
                case ORDER_PAID -> "주문 #%d의 결제가 완료되었습니다. 결제 금액: %s원".formatted(order, total);
                default -> event.isRefund()
                        ? "주문 #%d이 취소되었습니다. 환불 금액: %s원".formatted(order, total)
                        : "주문 #%d이 취소되었습니다.".formatted(order);
            };
        }
        return switch (event.type()) {
            case ORDER_CREATED -> "Your order #%d has been created. Total: %s".formatted(order, total);
            case ORDER_PAID -> "Your order #%d has been paid. Total: %s".formatted(order, total);
            default -> event.isRefund()
                    ? "Your order #%d has been cancelled. Refund: %s".formatted(order, total)
                    : "Your order #%d has been cancelled.".formatted(order);
        };
    }
}
