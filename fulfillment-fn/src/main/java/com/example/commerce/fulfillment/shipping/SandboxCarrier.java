package com.example.commerce.fulfillment.shipping;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A carrier that books everything: the reference is derived from the order ({@code SBX-SHIP-<orderId>}), which makes
 * a repeated booking the same booking. It keeps its live bookings in memory (the newest {@value #MAX_BOOKINGS}), as
 * a real carrier keeps them on its side, so that tests can see what a real carrier would still ship. Replaced by a
 * real carrier's adapter (a bean of {@link Carrier} that {@code @Replaces} this one) in a deployment that ships
 * parcels.
 */
@Singleton
public class SandboxCarrier implements Carrier {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxCarrier.class);
    static final String PREFIX = "SBX-SHIP-";

    /** The bookings it keeps at most: the oldest are forgotten first, as a sandbox may. */
    static final int MAX_BOOKINGS = 100_000;

    private final Map<Long, String> bookings = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > MAX_BOOKINGS;
        }
    });

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
