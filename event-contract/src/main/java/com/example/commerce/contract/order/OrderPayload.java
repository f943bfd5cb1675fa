package com.example.commerce.contract.order;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The order after the change. {@code previousStatus} is the status before it (null on creation): a cancellation
 * of a PAID order is a refund, which sales metrics subtract.
 * <p>
 * Producers write every field (the JSON Schema requires them). {@link OrderEventReader} requires only what
 * consumers act on (ids, amounts, and the quantities and totals of lines that are present): the fields marked
 * nullable are null when a record leaves them out.
 *
 * @param status             PENDING, PAID, SHIPPED, DELIVERED or CANCELLED (strings, so that a reader is not
 *                           broken by a new status)
 * @param items              the order's lines; consumers that need them check that they are there
 * @param cancellationReason why a CANCELLED order was cancelled (USER, ADMIN, OUT_OF_STOCK, PAYMENT_TIMEOUT); null
 *                           otherwise, and in events written before the saga existed
 */
@Serdeable
public record OrderPayload(long orderId, long userId, @Nullable String status, @Nullable String previousStatus,
                           long totalAmount, @Nullable List<Line> items, @Nullable String cancellationReason) {

    public static final String PENDING = "PENDING";
    public static final String PAID = "PAID";
    public static final String SHIPPED = "SHIPPED";
    public static final String DELIVERED = "DELIVERED";
    public static final String CANCELLED = "CANCELLED";

    /** Cancellation reasons. */
    public static final String CANCELLED_BY_USER = "USER";
    public static final String CANCELLED_BY_ADMIN = "ADMIN";
    public static final String OUT_OF_STOCK = "OUT_OF_STOCK";
    public static final String PAYMENT_TIMEOUT = "PAYMENT_TIMEOUT";

    /** Whether the order had been paid before this change: cancelling it refunds the customer. */
    public boolean wasPaid() {
        return PAID.equals(previousStatus);
    }

    /** One order line as ordered: the product's name and price at that time. */
    @Serdeable
    public record Line(long productId, @Nullable String productName, @Nullable Long unitPrice, long quantity,
                       long lineTotal) {
    }
}
