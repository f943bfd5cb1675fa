-- Unpublished rows that are parked or have failed at least once: the few rows that can hold back the rest of
-- their aggregate. The relay's claim checks every candidate against this small index instead of against the
-- whole backlog.
CREATE INDEX outbox_blocked ON outbox (aggregate_type, aggregate_id, id)
    WHERE published_at IS NULL AND (parked_at IS NOT NULL OR next_attempt_at IS NOT NULL);
