package com.example.commerce.contract.inventory;

import com.example.commerce.contract.EventFamily;
import com.example.commerce.contract.EventType;
import com.example.commerce.contract.Topics;

import java.util.Optional;

/**
 * The event types of topic inventory-events, written by the inventory participant (fulfillment-fn) and by the
 * stock administration (order-api), both through the {@code inventory} module. Two aggregates share the topic: an
 * order's reservation ({@link ReservationPayload}, aggregate {@value #RESERVATION}, keyed by order id) and a
 * product's stock level ({@link StockLevelPayload}, aggregate {@value #STOCK}, keyed by product id).
 */
public enum InventoryEventType implements EventType {

    /** Every line of the order is held: available went down, reserved up. */
    STOCK_RESERVED,
    /** At least one line could not be held (the shortages say which); nothing is held. */
    STOCK_REJECTED,
    /** The order was paid: its held quantities left the shelf (onHand and reserved went down). */
    STOCK_DEDUCTED,
    /** A cancelled order's quantities came back: held ones to available, deducted ones to onHand (lines may be empty). */
    STOCK_RELEASED,
    /** A product's stock level after any change (set by an administrator, reserved, deducted, released, untracked). */
    STOCK_LEVEL_CHANGED {
        @Override
        public EventFamily family() {
            return STOCK_FAMILY;
        }
    };

    public static final String RESERVATION = "Reservation";
    public static final String STOCK = "Stock";
    private static final EventFamily RESERVATION_FAMILY = new EventFamily(Topics.INVENTORY_EVENTS, RESERVATION);
    private static final EventFamily STOCK_FAMILY = new EventFamily(Topics.INVENTORY_EVENTS, STOCK);

    @Override
    public EventFamily family() {
        return RESERVATION_FAMILY;
    }

    /** The type named by an envelope's eventType, or empty if the topic has no such type. */
    public static Optional<InventoryEventType> named(String eventType) {
        return EventType.named(InventoryEventType.class, eventType);
    }
}
