package com.example.commerce.contract.shipping;

import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.EventReader;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.Upcaster;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.util.List;
import java.util.Optional;

import static com.example.commerce.contract.EventJson.integer;
import static com.example.commerce.contract.EventJson.optionalText;
import static com.example.commerce.contract.EventReader.optionalLong;
import static com.example.commerce.contract.EventReader.optionalString;

/** Reads the records of topic shipping-events (see {@link EventReader} for what it tolerates). */
public final class ShippingEventReader {

    /** Upcasters of shipping events: none yet, every type is at version 1. */
    public static final List<Upcaster> UPCASTERS = List.of();

    private final EventReader<ShippingEventType, ShipmentPayload> reader;

    public ShippingEventReader(JsonMapper json) {
        this.reader = new EventReader<>(json, List.of(ShippingEventType.values()), UPCASTERS,
                (type, payload) -> payload(payload));
    }

    /**
     * @return the event, or empty if its type is not a shipping event type
     * @throws MalformedEventException if the record can never be read
     */
    public Optional<ConsumedEvent<ShippingEventType, ShipmentPayload>> read(@Nullable byte[] value) {
        return reader.read(value);
    }

    private static ShipmentPayload payload(JsonNode payload) {
        return new ShipmentPayload(integer(payload, "orderId", 1), optionalLong(payload, "shipmentId", 1),
                optionalText(payload, "status"), optionalString(payload, "carrierReference"));
    }
}
