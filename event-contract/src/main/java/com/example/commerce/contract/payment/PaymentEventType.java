package com.example.commerce.contract.payment;

import com.example.commerce.contract.EventFamily;
import com.example.commerce.contract.EventType;
import com.example.commerce.contract.Topics;

import java.util.Optional;

/**
 * The event types of topic payment-events, each with a {@link PaymentPayload}: one payment attempt of an order
 * after the change. Aggregate {@value #AGGREGATE_TYPE}, keyed by order id, so that an order's payment events stay
 * in order.
 */
public enum PaymentEventType implements EventType {

    /** The gateway captured the amount. */
    PAYMENT_CAPTURED,
    /** The gateway declined the attempt (or never took it); the order stays payable. */
    PAYMENT_FAILED,
    /** A captured payment was refunded (a compensation step of a cancelled order). */
    PAYMENT_REFUNDED,
    /** The refund kept being declined and was given up on for now: the saga is STUCK until an operator retries. */
    PAYMENT_REFUND_FAILED;

    public static final String AGGREGATE_TYPE = "Payment";
    private static final EventFamily FAMILY = new EventFamily(Topics.PAYMENT_EVENTS, AGGREGATE_TYPE);

    @Override
    public EventFamily family() {
        return FAMILY;
    }

    /** The type named by an envelope's eventType, or empty if the topic has no such type. */
    public static Optional<PaymentEventType> named(String eventType) {
        return EventType.named(PaymentEventType.class, eventType);
    }
}
