-- order-api (channel, message): the collaboration space. A channel is the aggregate of platform.messages:
-- version is the aggregate version of its last event (messages created, edited, deleted; members added, removed),
-- so a channel's events are numbered in commit order.
CREATE TABLE channels (
    id         BIGSERIAL PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    is_private BOOLEAN      NOT NULL,
    owner_id   BIGINT       NOT NULL,
    version    BIGINT       NOT NULL CHECK (version >= 1),
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX channels_public ON channels (id) WHERE NOT is_private;

CREATE TABLE channel_members (
    channel_id BIGINT      NOT NULL REFERENCES channels (id),
    user_id    BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (channel_id, user_id)
);
-- A user's channels: search filters on them.
CREATE INDEX channel_members_user ON channel_members (user_id, channel_id);

-- Messages as written; mentions ([{userId, username}], members only, the author excluded) and attachments
-- ([{name, size, contentType, url}], metadata only) are JSON text written and read by order-api alone. A deleted
-- message's row is removed; its MESSAGE_DELETED event says so to the read sides.
CREATE TABLE messages (
    id          BIGSERIAL PRIMARY KEY,
    channel_id  BIGINT      NOT NULL REFERENCES channels (id),
    author_id   BIGINT      NOT NULL,
    content     TEXT        NOT NULL CHECK (char_length(content) BETWEEN 1 AND 4000),
    mentions    TEXT        NOT NULL,
    attachments TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    edited_at   TIMESTAMPTZ
);
-- A channel's messages newest first, by the id cursor.
CREATE INDEX messages_channel_newest ON messages (channel_id, id DESC);

-- notification-fn: a MENTION notification names its channel and message, and there is at most one per mentioned
-- user and message (an edit that mentions someone again notifies nobody twice).
ALTER TABLE notifications ADD COLUMN channel_id BIGINT;
ALTER TABLE notifications ADD COLUMN message_id BIGINT;
CREATE UNIQUE INDEX notifications_one_mention ON notifications (user_id, message_id) WHERE type = 'MENTION';
