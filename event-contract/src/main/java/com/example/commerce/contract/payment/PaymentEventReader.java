package com.example.commerce.contract.payment;

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
import static com.example.commerce.contract.EventReader.optionalString;

/** Reads the records of topic payment-events (see {@link EventReader} for what it tolerates). */
public final class PaymentEventReader {

    /** Upcasters of payment events: none yet, every type is at version 1. */
    public static final List<Upcaster> UPCASTERS = List.of();

    private final EventReader<PaymentEventType, PaymentPayload> reader;

    public PaymentEventReader(JsonMapper json) {
        this.reader = new EventReader<>(json, List.of(PaymentEventType.values()), UPCASTERS,
                (type, payload) -> payload(payload));
    }

    /**
     * @return the event, or empty if its type is not a payment event type
     * @throws MalformedEventException if the record can never be read
     */
    public Optional<ConsumedEvent<PaymentEventType, PaymentPayload>> read(@Nullable byte[] value) {
        return reader.read(value);
    }

    private static PaymentPayload payload(JsonNode payload) {
        return new PaymentPayload(integer(payload, "orderId", 1), integer(payload, "userId", 1),
                integer(payload, "paymentId", 1), integer(payload, "amount", 0), optionalText(payload, "status"),
                optionalString(payload, "reference"), optionalString(payload, "reason"));
    }
}
