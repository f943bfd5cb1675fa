package com.example.commerce.contract.shipping;

import com.example.commerce.contract.EventFamily;
import com.example.commerce.contract.EventType;
import com.example.commerce.contract.Topics;

import java.util.Optional;

/**
 * The event types of topic shipping-events, written by the shipping participant (fulfillment-fn), each with a
 * {@link ShipmentPayload}: the order's shipment after the change. Aggregate {@value #AGGREGATE_TYPE}, keyed by
 * order id.
 */
public enum ShippingEventType implements EventType {

    /** The stock was deducted and the carrier booked a shipment. */
    SHIPMENT_SCHEDULED,
    /**
     * The order was cancelled: a scheduled shipment was cancelled with the carrier, or none had been scheduled
     * (shipmentId and carrierReference null) and none ever will be. The first compensation step.
     */
    SHIPMENT_CANCELLED,
    /** The carrier has the parcel (the order became SHIPPED). */
    SHIPMENT_SHIPPED,
    /** The carrier delivered it (the order became DELIVERED). */
    SHIPMENT_DELIVERED;

    public static final String AGGREGATE_TYPE = "Shipment";
    private static final EventFamily FAMILY = new EventFamily(Topics.SHIPPING_EVENTS, AGGREGATE_TYPE);

    @Override
    public EventFamily family() {
        return FAMILY;
    }

    /** The type named by an envelope's eventType, or empty if the topic has no such type. */
    public static Optional<ShippingEventType> named(String eventType) {
        return EventType.named(ShippingEventType.class, eventType);
    }
}
