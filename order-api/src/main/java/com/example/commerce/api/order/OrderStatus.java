package com.example.commerce.api.order;

import java.util.Set;

/** PENDING -> PAID, PENDING -> CANCELLED, PAID -> CANCELLED (a refund). Nothing leaves CANCELLED. */
public enum OrderStatus {
    PENDING, PAID, CANCELLED;

    boolean canBecome(OrderStatus next) {
        return switch (this) {
            case PENDING -> Set.of(PAID, CANCELLED).contains(next);
            case PAID -> next == CANCELLED;
            case CANCELLED -> false;
        };
    }
}
