-- order-api: the aggregateVersion of platform.users.activity events. An activity is a fact, not a change of a
-- versioned aggregate; the outbox still needs a version unique per user, and a sequence gives one without locking
-- the user's row.
CREATE SEQUENCE user_activity_versions;

-- indexer-fn: each user's log-ins, channel joins and messages posted per day (UTC, from the event's occurredAt),
-- counted once per event (processed_events, consumer activity-counter); order-api reads it for
-- GET /api/admin/activity. The key serves a day's users in user id order.
CREATE TABLE user_activity_daily (
    user_id         BIGINT      NOT NULL,
    day             DATE        NOT NULL,
    logins          BIGINT      NOT NULL DEFAULT 0 CHECK (logins >= 0),
    joins           BIGINT      NOT NULL DEFAULT 0 CHECK (joins >= 0),
    messages_posted BIGINT      NOT NULL DEFAULT 0 CHECK (messages_posted >= 0),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (day, user_id)
);
