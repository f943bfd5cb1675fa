package com.example.commerce.api.order;

/**
 * PENDING -> PAID -> SHIPPED -> DELIVERED; PENDING or PAID -> CANCELLED (a paid one is refunded by the saga's
 * compensation). Nothing leaves DELIVERED or CANCELLED.
 */
public enum OrderStatus {
    PENDING, PAID, SHIPPED, DELIVERED, CANCELLED;

    public boolean canBecome(OrderStatus next) {
        return switch (this) {
            case PENDING -> next == PAID || next == CANCELLED;
            case PAID -> next == SHIPPED || next == CANCELLED;
            case SHIPPED -> next == DELIVERED;
            case DELIVERED, CANCELLED -> false;
        };
    }
}
