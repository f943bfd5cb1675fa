package com.example.commerce.outbox;

import jakarta.inject.Singleton;

import java.util.List;

/**
 * Outbox rows the relay stopped retrying (parked after {@code commerce.relay.max-attempts} failures that were not
 * an unreachable broker). An operator fixes the cause, then requeues one or all of them: the relay then treats
 * them as new and publishes them in their aggregate's order, before the events it held back behind them.
 */
@Singleton
public class ParkedEvents {

    private final ParkedEventRepository parked;

    ParkedEvents(ParkedEventRepository parked) {
        this.parked = parked;
    }

    /** Oldest first. */
    public List<ParkedEvent> list(int limit, long offset) {
        return parked.findParked(limit, offset);
    }

    public long count() {
        return parked.countParked();
    }

    /** @return false when no parked row has this id (never parked, already requeued, or unknown) */
    public boolean requeue(long id) {
        return parked.requeue(id) > 0;
    }

    /** @return how many rows were requeued */
    public int requeueAll() {
        return parked.requeueAll();
    }
}
