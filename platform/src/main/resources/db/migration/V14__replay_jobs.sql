-- order-api records, indexer-fn runs: rebuilds of a read model by replaying its source topics from offset 0.
-- partitions is JSON text, [{topic, partition, read, end}], the replay's position and target in each partition:
-- the log's positions live here (no consumer group commits), moved in the same step as the writes they cover.
-- claimed_by, heartbeat_at and pieces work as in reindex_jobs: one piece at a time, resumable after a silence.
CREATE TABLE replay_jobs (
    id           UUID        PRIMARY KEY,
    read_model   VARCHAR(32) NOT NULL CHECK (read_model IN ('messages', 'product-metrics')),
    status       VARCHAR(16) NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    phase        VARCHAR(16) NOT NULL DEFAULT 'REQUESTED'
        CHECK (phase IN ('REQUESTED', 'READING', 'CATCHING_UP', 'VERIFYING', 'SWAPPING', 'FOLLOWING_UP',
                         'REFRESHING', 'DONE')),
    target       VARCHAR(255),
    partitions   TEXT        NOT NULL DEFAULT '[]',
    events_read  BIGINT      NOT NULL DEFAULT 0,
    applied      BIGINT      NOT NULL DEFAULT 0,
    after_id     BIGINT      NOT NULL DEFAULT 0,
    verify_attempts INT      NOT NULL DEFAULT 0,
    verification TEXT,
    previous     TEXT,
    error        TEXT,
    claimed_by   UUID,
    pieces       INT         NOT NULL DEFAULT 0,
    started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ
);
-- One replay per read model at a time: two would build and swap the same target. The live metrics writer also
-- finds the running product-metrics replay through it (a share lock on its row, see docs/operations.md).
CREATE UNIQUE INDEX replay_jobs_one_running ON replay_jobs (read_model) WHERE status = 'RUNNING';

-- indexer-fn: the product metrics a replay rebuilds, beside the serving product_metrics until the swap copies
-- them over in one transaction.
CREATE TABLE product_metrics_replay (
    product_id         BIGINT PRIMARY KEY,
    like_count         BIGINT NOT NULL DEFAULT 0,
    view_count         BIGINT NOT NULL DEFAULT 0,
    sales_count        BIGINT NOT NULL DEFAULT 0,
    total_sales_amount BIGINT NOT NULL DEFAULT 0,
    -- Events applied to the row: never below the serving table's revision for the same events.
    revision           BIGINT NOT NULL DEFAULT 0
);
-- indexer-fn: the events a replay has applied to product_metrics_replay, so that a duplicate in the log counts
-- once; at the swap they become the live consumer's processed-event marks.
CREATE TABLE product_metrics_replay_events (
    event_id UUID PRIMARY KEY
);
