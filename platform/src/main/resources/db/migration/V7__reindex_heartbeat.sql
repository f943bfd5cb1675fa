-- order-api: a running reindex job touches heartbeat_at as it goes; one that has not for a while was left behind by
-- an instance that stopped, and the next reindex request marks it failed instead of waiting for it for ever.
ALTER TABLE reindex_jobs ADD COLUMN heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now();
