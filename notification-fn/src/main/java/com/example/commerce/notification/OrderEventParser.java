package com.example.commerce.notification;

import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.order.OrderEventReader;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * Reads an order event with the contract's reader (event-contract, {@code events/events.schema.json}), which
 * checks every field a notification needs, so that a malformed record is recognised before any database work and
 * never retried.
 */
@Singleton
public class OrderEventParser {

    private final OrderEventReader reader;

    public OrderEventParser(JsonMapper json) {
        this.reader = new OrderEventReader(json);
    }

    /**
     * @return the event, or empty if its type is not one this consumer handles
     * @throws MalformedEventException if the record can never be processed
     */
    public Optional<OrderEvent> parse(@Nullable byte[] value) {
        return reader.read(value).map(OrderEvent::of);
    }
}
