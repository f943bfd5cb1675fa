-- order-api: full rebuilds of the product search index, so that any instance can report a job's progress.
CREATE TABLE reindex_jobs (
    id          UUID        PRIMARY KEY,
    status      VARCHAR(16) NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    total       BIGINT      NOT NULL DEFAULT 0,
    indexed     BIGINT      NOT NULL DEFAULT 0,
    index_name  VARCHAR(255),
    error       TEXT,
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ
);
-- The catch-up after a reindex finds products and metrics changed during it.
CREATE INDEX products_updated_at ON products (updated_at);
CREATE INDEX product_metrics_updated_at ON product_metrics (updated_at);
