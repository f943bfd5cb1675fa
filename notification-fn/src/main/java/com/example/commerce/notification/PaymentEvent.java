package com.example.commerce.notification;

import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.payment.PaymentEventType;
import com.example.commerce.contract.payment.PaymentPayload;

import java.util.UUID;

/** The part of a payment event that a notification needs (read by {@link PaymentEventParser}). */
public record PaymentEvent(UUID eventId, PaymentEventType type, long orderId, long userId, long amount)
        implements NotifiableEvent {

    static PaymentEvent of(ConsumedEvent<PaymentEventType, PaymentPayload> event) {
        PaymentPayload payment = event.payload();
        return new PaymentEvent(event.eventId(), event.type(), payment.orderId(), payment.userId(), payment.amount());
    }

    /** The envelope's eventType. */
    @Override
    public String eventType() {
        return type.name();
    }
}
