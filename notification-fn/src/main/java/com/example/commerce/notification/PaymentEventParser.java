package com.example.commerce.notification;

import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.payment.PaymentEventReader;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Reads a payment event with the contract's reader, which checks every field a notification needs, so that a
 * malformed record is recognised before any database work and never retried.
 */
@Singleton
public class PaymentEventParser {

    private final PaymentEventReader reader;

    public PaymentEventParser(JsonMapper json) {
        this.reader = new PaymentEventReader(json);
    }

    /**
     * @return the event, or empty if its type is not a payment event type
     * @throws MalformedEventException if the record can never be processed
     */
    public Optional<PaymentEvent> parse(@Nullable byte[] value) {
        return reader.read(value).map(PaymentEvent::of);
    }
}
