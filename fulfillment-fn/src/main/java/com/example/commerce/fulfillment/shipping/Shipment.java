package com.example.commerce.fulfillment.shipping;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** An order's shipment (at most one per order). version: the Shipment aggregate's event version. */
@MappedEntity("shipments")
public record Shipment(@Id @GeneratedValue Long id, long orderId, ShipmentStatus status,
                       @Nullable String carrierReference, long version, Instant createdAt, Instant updatedAt) {
}
