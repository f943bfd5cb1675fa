package com.example.commerce.contract.inventory;

/** The payload of an inventory event: which record depends on the {@link InventoryEventType}. */
public sealed interface InventoryPayload permits ReservationPayload, StockLevelPayload {
}
