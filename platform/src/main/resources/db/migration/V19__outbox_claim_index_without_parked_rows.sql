-- The claim's index of unpublished rows leaves out parked rows as well, so that it serves the claim alone: its
-- predicate now names parked_at, which the held-back check's probe and the claim's read of the blocking rows do not
-- require, so PostgreSQL can no longer answer those with a scan of every unpublished row. It did, with statistics
-- taken while the outbox was drained (one unpublished row estimated): the probe of each aggregate of a batch read
-- the whole backlog, 6.9 million buffer reads and up to 9 s per relay pass at a 3,000-row backlog (BENCHMARKS.md,
-- the saga). The probe is left one index that fits it, outbox_unpublished_aggregate. The index holds only the
-- backlog, so building it is quick.
DROP INDEX outbox_unpublished;
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL AND parked_at IS NULL;
