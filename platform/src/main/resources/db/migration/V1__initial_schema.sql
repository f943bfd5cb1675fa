-- Initial schema of the commerce system. One database serves every function; each table names its owner.
-- Amounts are integers in the smallest currency unit. Timestamps are UTC (timestamptz).

-- order-api: accounts. Usernames are unique regardless of case.
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    role          VARCHAR(16)  NOT NULL CHECK (role IN ('USER', 'ADMIN')),
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));

-- order-api: the catalog. version is the aggregate version carried by catalog events.
CREATE TABLE products (
    id          BIGSERIAL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    description TEXT         NOT NULL DEFAULT '',
    category    VARCHAR(100) NOT NULL,
    brand       VARCHAR(100) NOT NULL,
    price       BIGINT       NOT NULL CHECK (price >= 0),
    status      VARCHAR(16)  NOT NULL CHECK (status IN ('ACTIVE', 'INACTIVE')),
    version     BIGINT       NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
-- Paged catalog listing (newest first) and full reindex (by id) of active products.
CREATE INDEX products_status_id ON products (status, id);

-- order-api: one row per (product, user) makes like and unlike idempotent.
CREATE TABLE product_likes (
    product_id BIGINT      NOT NULL REFERENCES products (id),
    user_id    BIGINT      NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (product_id, user_id)
);

-- order-api: orders and their items; item prices are a snapshot of the catalog at order time.
CREATE TABLE orders (
    id              BIGSERIAL PRIMARY KEY,
    user_id         BIGINT      NOT NULL REFERENCES users (id),
    status          VARCHAR(16) NOT NULL CHECK (status IN ('PENDING', 'PAID', 'CANCELLED')),
    total_amount    BIGINT      NOT NULL CHECK (total_amount >= 0),
    version         BIGINT      NOT NULL DEFAULT 0,
    idempotency_key VARCHAR(128),
    -- SHA-256 of the request that used idempotency_key: a retry must send the same request.
    request_hash    VARCHAR(64),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- "My orders", newest first.
CREATE INDEX orders_user_created ON orders (user_id, created_at DESC, id DESC);
-- A retried POST with the same Idempotency-Key finds the order it created.
CREATE UNIQUE INDEX orders_user_idempotency_key ON orders (user_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

CREATE TABLE order_items (
    id           BIGSERIAL    PRIMARY KEY,
    order_id     BIGINT       NOT NULL REFERENCES orders (id),
    product_id   BIGINT       NOT NULL REFERENCES products (id),
    product_name VARCHAR(200) NOT NULL,
    unit_price   BIGINT       NOT NULL CHECK (unit_price >= 0),
    quantity     INTEGER      NOT NULL CHECK (quantity >= 1),
    line_total   BIGINT       NOT NULL CHECK (line_total >= 0),
    UNIQUE (order_id, product_id)
);

-- Transactional outbox: written by order-api in the same transaction as the change it describes, published to
-- Kafka by outbox-relay-fn. id gives the commit-time order within an aggregate.
CREATE TABLE outbox (
    id                BIGSERIAL PRIMARY KEY,
    event_id          UUID         NOT NULL UNIQUE,
    topic             VARCHAR(249) NOT NULL,
    aggregate_type    VARCHAR(64)  NOT NULL,
    aggregate_id      VARCHAR(64)  NOT NULL,
    aggregate_version BIGINT       NOT NULL,
    event_type        VARCHAR(64)  NOT NULL,
    -- The complete event (envelope and payload) exactly as it is published.
    event             JSONB        NOT NULL,
    headers           JSONB        NOT NULL DEFAULT '{}'::jsonb,
    occurred_at       TIMESTAMPTZ  NOT NULL,
    created_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    published_at      TIMESTAMPTZ,
    attempts          INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ,
    last_error        TEXT,
    parked_at         TIMESTAMPTZ,
    UNIQUE (aggregate_type, aggregate_id, aggregate_version)
);
-- The relay's claim scan: only unpublished rows, oldest first. Partial, so it stays small however many
-- published rows the table holds.
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
-- The oldest unpublished event of one aggregate (per-aggregate ordering and hold-back).
CREATE INDEX outbox_unpublished_aggregate ON outbox (aggregate_type, aggregate_id, id) WHERE published_at IS NULL;
-- Retention cleanup of published rows.
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;

-- notification-fn: the user's notifications. Written by a consumer, so no foreign keys to the write side:
-- an event is never refused because of the state of another table.
CREATE TABLE notifications (
    id              BIGSERIAL PRIMARY KEY,
    user_id         BIGINT      NOT NULL,
    order_id        BIGINT,
    type            VARCHAR(32) NOT NULL,
    message         TEXT        NOT NULL,
    source_event_id UUID        NOT NULL UNIQUE,
    read_at         TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX notifications_user_created ON notifications (user_id, created_at DESC, id DESC);

-- Idempotent consumers: an event counts once per consumer. The row is written in the same transaction as the
-- consumer's effect, so a redelivered event finds it and changes nothing.
CREATE TABLE processed_events (
    consumer     VARCHAR(100) NOT NULL,
    event_id     UUID         NOT NULL,
    processed_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
-- Retention cleanup.
CREATE INDEX processed_events_processed_at ON processed_events (processed_at);

-- indexer-fn: product metrics, a read model maintained from catalog and order events.
CREATE TABLE product_metrics (
    product_id         BIGINT      PRIMARY KEY,
    like_count         BIGINT      NOT NULL DEFAULT 0,
    view_count         BIGINT      NOT NULL DEFAULT 0,
    sales_count        BIGINT      NOT NULL DEFAULT 0,
    total_sales_amount BIGINT      NOT NULL DEFAULT 0,
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
