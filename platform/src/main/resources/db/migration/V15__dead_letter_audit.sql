-- Dead letters as operators handled them through order-api's dead-letter administration (package deadletter).
-- A record in a dead-letter topic is named by that topic, its partition and its offset.

-- What became of each record an operator acted on: REPLAYED (replays counts them) or DISCARDED, which is final.
-- The row is locked by every replay and discard of its record, so a discard and a replay never cross.
CREATE TABLE dead_letter_states (
    dlq_topic     text        NOT NULL,
    dlq_partition integer     NOT NULL,
    dlq_offset    bigint      NOT NULL,
    status        text        NOT NULL CHECK (status IN ('REPLAYED', 'DISCARDED')),
    replays       integer     NOT NULL DEFAULT 0,
    updated_by    text        NOT NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset)
);

-- The audit: every replay and discard, who did it and when, with where the record came from.
CREATE TABLE dead_letter_actions (
    id                 bigserial   PRIMARY KEY,
    dlq_topic          text        NOT NULL,
    dlq_partition      integer     NOT NULL,
    dlq_offset         bigint      NOT NULL,
    action             text        NOT NULL CHECK (action IN ('REPLAYED', 'DISCARDED')),
    actor              text        NOT NULL,
    acted_at           timestamptz NOT NULL DEFAULT now(),
    original_topic     text,
    original_partition integer,
    original_offset    bigint,
    event_id           text
);

CREATE INDEX dead_letter_actions_record ON dead_letter_actions (dlq_topic, dlq_partition, dlq_offset);
