-- indexer-fn: the records a replay read from its source topics and could never apply (the same records the live
-- consumer dead-letters, read with the same reader), one row per record of the log, so that a repeated step adds
-- none twice. message_id is the message the record names, when it names one: the messages verification leaves
-- exactly those messages out. order-api shows the count and the first rows in GET /api/admin/replay/{id}.
CREATE TABLE replay_dead_letters (
    job_id           UUID         NOT NULL REFERENCES replay_jobs (id) ON DELETE CASCADE,
    source_topic     VARCHAR(249) NOT NULL,
    source_partition INTEGER      NOT NULL,
    source_offset    BIGINT       NOT NULL,
    message_id       BIGINT,
    error            TEXT         NOT NULL,
    recorded_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (job_id, source_topic, source_partition, source_offset)
);
