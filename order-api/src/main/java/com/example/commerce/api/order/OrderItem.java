package com.example.commerce.api.order;

import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** A line of an order, with the product's name and price as they were when the order was placed. */
@MappedEntity("order_items")
public record OrderItem(
        @Id @GeneratedValue Long id,
        long orderId,
        long productId,
        String productName,
        long unitPrice,
        int quantity,
        long lineTotal) {
}
