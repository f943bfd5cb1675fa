package com.example.commerce.contract.shipping;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An order's shipment after the change.
 *
 * @param shipmentId       null when an order was cancelled before anything was scheduled
 * @param status           SCHEDULED, SHIPPED, DELIVERED or CANCELLED
 * @param carrierReference the carrier's booking reference, null if none was booked
 */
@Serdeable
public record ShipmentPayload(long orderId, @Nullable Long shipmentId, @Nullable String status,
                              @Nullable String carrierReference) {

    public static final String SCHEDULED = "SCHEDULED";
    public static final String SHIPPED = "SHIPPED";
    public static final String DELIVERED = "DELIVERED";
    public static final String CANCELLED = "CANCELLED";
}
