package com.example.commerce.fulfillment.shipping;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A carrier that books everything and keeps nothing: the reference is derived from the order
 * ({@code SBX-SHIP-<orderId>}), which makes a repeated booking the same booking. Replaced by a real carrier's
 * adapter (a bean of {@link Carrier} that {@code @Replaces} this one) in a deployment that ships parcels.
 */
@Singleton
public class SandboxCarrier implements Carrier {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxCarrier.class);
    static final String PREFIX = "SBX-SHIP-";

    @Override
    public String schedule(long orderId) {
        return PREFIX + orderId;
    }

    @Override
    public void cancel(long orderId, String reference) {
        LOG.debug("Sandbox carrier: shipment {} of order {} cancelled", reference, orderId);
    }
}
