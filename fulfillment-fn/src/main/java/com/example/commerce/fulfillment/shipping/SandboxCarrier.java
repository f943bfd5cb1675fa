package com.example.commerce.fulfillment.shipping;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A carrier that books everything: the reference is derived from the order ({@code SBX-SHIP-<orderId>}), which makes
 * a repeated booking the same booking. It keeps its live bookings in memory, as a real carrier keeps them on its
 * side, so that tests (and the local run's operator) can see what a real carrier would still ship. Replaced by a
 * real carrier's adapter (a bean of {@link Carrier} that {@code @Replaces} this one) in a deployment that ships
 * parcels.
 */
@Singleton
public class SandboxCarrier implements Carrier {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxCarrier.class);
    static final String PREFIX = "SBX-SHIP-";

    private final Map<Long, String> bookings = new ConcurrentHashMap<>();

    @Override
    public String schedule(long orderId) {
        return bookings.computeIfAbsent(orderId, id -> PREFIX + id);
    }

    @Override
    public void cancel(long orderId, @Nullable String reference) {
        String cancelled = bookings.remove(orderId);
        LOG.debug("Sandbox carrier: shipment {} of order {} cancelled", cancelled, orderId);
    }

    /** The booking the carrier holds for the order, which it would ship; empty if none or cancelled. */
    public Optional<String> booking(long orderId) {
        return Optional.ofNullable(bookings.get(orderId));
    }
}
