package com.example.commerce.fulfillment.shipping;

import com.example.commerce.contract.shipping.ShipmentPayload;
import com.example.commerce.contract.shipping.ShippingEventType;
import com.example.commerce.outbox.Outbox;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;

import java.util.Optional;

/**
 * An order's shipment (docs/saga.md), decided by its state so that an event that comes again or too late changes
 * nothing: scheduled once when the stock is deducted, unless the order was cancelled first; cancelled once
 * (SHIPMENT_CANCELLED exactly once, whether or not anything had been scheduled); shipped, then delivered. Each
 * change writes its event to the outbox in the caller's transaction.
 */
@Singleton
public class Shipping {

    private final ShipmentRepository shipments;
    private final Carrier carrier;
    private final Outbox outbox;

    public Shipping(ShipmentRepository shipments, Carrier carrier, Outbox outbox) {
        this.shipments = shipments;
        this.carrier = carrier;
        this.outbox = outbox;
    }

    /**
     * The stock was deducted: books the carrier, unless the order already has a shipment (scheduled before, or
     * cancelled before anything was scheduled).
     *
     * @return whether a shipment was scheduled
     */
    @Transactional
    public boolean schedule(long orderId) {
        if (shipments.lockByOrderId(orderId).isPresent()) {
            return false;
        }
        // Idempotent by order: if this transaction rolls back, the retry books the same reference.
        String reference = carrier.schedule(orderId);
        Shipment scheduled = shipments.insertIfAbsent(orderId, ShipmentStatus.SCHEDULED.name(), reference);
        if (scheduled == null) {
            // A delivery of the other topic decided first. If it was the cancellation, nothing may ship: undo the
            // booking just made (a concurrent schedule's row names this same booking, the carrier being idempotent
            // by order, and is left alone).
            shipments.findByOrderId(orderId)
                    .filter(existing -> existing.status() == ShipmentStatus.CANCELLED
                            && existing.carrierReference() == null)
                    .ifPresent(tombstone -> carrier.cancel(orderId, reference));
            return false;
        }
        publish(ShippingEventType.SHIPMENT_SCHEDULED, scheduled);
        return true;
    }

    /**
     * The order was cancelled: cancels a scheduled shipment with the carrier, or records that none will be
     * scheduled (and cancels any booking an attempt that rolled back may have made). SHIPMENT_CANCELLED is written
     * the first time only; a shipment the carrier already has is left.
     *
     * @return whether anything changed
     */
    @Transactional
    public boolean cancel(long orderId) {
        Optional<Shipment> locked = shipments.lockByOrderId(orderId);
        if (locked.isEmpty()) {
            Shipment tombstone = shipments.insertIfAbsent(orderId, ShipmentStatus.CANCELLED.name(), null);
            if (tombstone == null) {
                return cancel(orderId);
            }
            // No shipment recorded does not mean none booked: a schedule whose transaction rolled back (with the rest
            // of its delivery) has booked the carrier, and its retry will find this tombstone and book nothing.
            carrier.cancel(orderId, null);
            outbox.append(ShippingEventType.SHIPMENT_CANCELLED, String.valueOf(orderId), tombstone.version(),
                    new ShipmentPayload(orderId, null, ShipmentPayload.CANCELLED, null));
            return true;
        }
        Shipment shipment = locked.get();
        if (shipment.status() != ShipmentStatus.SCHEDULED) {
            return false;
        }
        carrier.cancel(orderId, shipment.carrierReference());
        return advance(shipment, ShipmentStatus.CANCELLED, ShippingEventType.SHIPMENT_CANCELLED);
    }

    /** The order was shipped: a SCHEDULED shipment becomes SHIPPED; anything else is left as it is. */
    @Transactional
    public boolean ship(long orderId) {
        return shipments.lockByOrderId(orderId)
                .filter(shipment -> shipment.status() == ShipmentStatus.SCHEDULED)
                .map(shipment -> advance(shipment, ShipmentStatus.SHIPPED, ShippingEventType.SHIPMENT_SHIPPED))
                .orElse(false);
    }

    /** The order was delivered: a SHIPPED shipment becomes DELIVERED; anything else is left as it is. */
    @Transactional
    public boolean deliver(long orderId) {
        return shipments.lockByOrderId(orderId)
                .filter(shipment -> shipment.status() == ShipmentStatus.SHIPPED)
                .map(shipment -> advance(shipment, ShipmentStatus.DELIVERED, ShippingEventType.SHIPMENT_DELIVERED))
                .orElse(false);
    }

    /** The order's shipment, if it has one. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Shipment> of(long orderId) {
        return shipments.findByOrderId(orderId);
    }

    private boolean advance(Shipment shipment, ShipmentStatus status, ShippingEventType event) {
        publish(event, shipments.update(shipment.orderId(), status.name()));
        return true;
    }

    private void publish(ShippingEventType type, Shipment shipment) {
        outbox.append(type, String.valueOf(shipment.orderId()), shipment.version(),
                new ShipmentPayload(shipment.orderId(), shipment.id(), shipment.status().name(),
                        shipment.carrierReference()));
    }
}
