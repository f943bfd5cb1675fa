package com.example.commerce.api.order;

import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.List;

@Serdeable
public record OrderView(long id, long userId, OrderStatus status, long totalAmount, List<Line> items,
                        Instant createdAt, Instant updatedAt) {

    @Serdeable
    public record Line(long productId, String productName, long unitPrice, int quantity, long lineTotal) {
        static Line of(OrderItem item) {
            return new Line(item.productId(), item.productName(), item.unitPrice(), item.quantity(), item.lineTotal());
        }
    }

    static OrderView of(Order order, List<OrderItem> items) {
        return new OrderView(order.id(), order.userId(), order.status(), order.totalAmount(),
                items.stream().map(Line::of).toList(), order.createdAt(), order.updatedAt());
    }
}
