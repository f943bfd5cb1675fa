-- indexer-fn runs the reindex jobs that order-api records, in pieces: the cursor (phase and the last product id
-- written) says where the next piece starts, so the work survives the end of a Lambda invocation, a stopped
-- process or a broken chain of invocations. claimed_by names the piece running now (NULL between pieces);
-- changed_since is where the catch-up reads from; previous_indices are the concrete indices the alias left.
ALTER TABLE reindex_jobs
    ADD COLUMN phase VARCHAR(16) NOT NULL DEFAULT 'REQUESTED'
        CHECK (phase IN ('REQUESTED', 'COPYING', 'CATCHING_UP', 'SWAPPING', 'FOLLOWING_UP', 'DONE')),
    ADD COLUMN after_id BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN changed_since TIMESTAMPTZ,
    ADD COLUMN previous_indices TEXT,
    ADD COLUMN claimed_by UUID,
    ADD COLUMN pieces INT NOT NULL DEFAULT 0;
UPDATE reindex_jobs SET phase = 'DONE' WHERE status <> 'RUNNING';
-- A job the API process was running before this version has no cursor, and that process may still be running it
-- during a rolling deploy: fail it rather than start a second rebuild beside it.
UPDATE reindex_jobs
SET status = 'FAILED', phase = 'DONE', finished_at = now(),
    error = 'Interrupted by the upgrade to the reindex in indexer-fn: start a new one'
WHERE status = 'RUNNING';
