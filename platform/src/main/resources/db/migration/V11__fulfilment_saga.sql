-- The order fulfilment saga (docs/saga.md): stock and reservations (inventory), payments, shipments, and the
-- order's saga state. Each participant owns its tables; they talk only through events, so no foreign key crosses
-- from one participant's tables to another's.

-- order-api: the new order statuses, and why an order was cancelled.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
    CHECK (status IN ('PENDING', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED'));
ALTER TABLE orders ADD COLUMN cancellation_reason VARCHAR(32)
    CHECK (cancellation_reason IN ('USER', 'ADMIN', 'OUT_OF_STOCK', 'PAYMENT_TIMEOUT'));
-- Expiry: unpaid orders, oldest first.
CREATE INDEX orders_pending_created ON orders (created_at) WHERE status = 'PENDING';

-- order-api: the saga of one order, as its orchestrator (the order aggregate) knows it. Written in the transaction
-- of the order change or of the participant event that advanced it.
CREATE TABLE order_sagas (
    order_id           BIGINT      PRIMARY KEY REFERENCES orders (id),
    -- RUNNING: going forward; COMPENSATING: cancelled, undoing in reverse; STUCK: a compensation step kept
    -- failing and waits for an operator; COMPLETED: delivered; COMPENSATED: everything undone.
    status             VARCHAR(16) NOT NULL
        CHECK (status IN ('RUNNING', 'COMPENSATING', 'STUCK', 'COMPLETED', 'COMPENSATED')),
    -- What the inventory reported: null until it answers.
    stock_status       VARCHAR(16) CHECK (stock_status IN ('RESERVED', 'REJECTED', 'DEDUCTED', 'RELEASED')),
    -- What shipping reported: null until a shipment is scheduled (or cancelled before one was).
    shipment_status    VARCHAR(16) CHECK (shipment_status IN ('SCHEDULED', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
    shipment_reference VARCHAR(64),
    -- The compensation step waited for or being retried: CANCEL_SHIPMENT, REFUND, RELEASE_STOCK.
    step               VARCHAR(32),
    attempts           INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at    TIMESTAMPTZ,
    last_error         TEXT,
    -- The aggregate version of the order's payment events (aggregate Payment, keyed by order id).
    payment_version    BIGINT      NOT NULL DEFAULT 0,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at         TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- The saga pass: steps due for another attempt; the console: stuck sagas.
CREATE INDEX order_sagas_due ON order_sagas (next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX order_sagas_status ON order_sagas (status, updated_at) WHERE status IN ('COMPENSATING', 'STUCK');

-- order-api: the saga's steps as the order view shows them (history), oldest first.
CREATE TABLE order_saga_steps (
    id          BIGSERIAL   PRIMARY KEY,
    order_id    BIGINT      NOT NULL REFERENCES orders (id),
    step        VARCHAR(32) NOT NULL,
    status      VARCHAR(16) NOT NULL CHECK (status IN ('DONE', 'FAILED', 'SKIPPED')),
    detail      TEXT,
    occurred_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX order_saga_steps_order ON order_saga_steps (order_id, id);

-- order-api: every payment attempt. The idempotency key goes to the gateway with the charge, so a retried call
-- never charges twice; at most one attempt per order is not FAILED, so an order is never charged twice either.
CREATE TABLE payments (
    id                BIGSERIAL   PRIMARY KEY,
    order_id          BIGINT      NOT NULL REFERENCES orders (id),
    attempt           INTEGER     NOT NULL CHECK (attempt >= 1),
    idempotency_key   VARCHAR(80) NOT NULL UNIQUE,
    amount            BIGINT      NOT NULL CHECK (amount >= 0),
    -- The payment method token the client sent (a gateway token, never card data).
    token             VARCHAR(64) NOT NULL,
    status            VARCHAR(16) NOT NULL
        CHECK (status IN ('PENDING', 'CAPTURED', 'FAILED', 'REFUNDED', 'REFUND_FAILED')),
    gateway_reference VARCHAR(80),
    refund_reference  VARCHAR(80),
    failure_reason    TEXT,
    refund_attempts   INTEGER     NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (order_id, attempt)
);
CREATE UNIQUE INDEX payments_one_live_attempt ON payments (order_id) WHERE status <> 'FAILED';
-- Reconciliation: attempts whose outcome is not known yet, oldest first.
CREATE INDEX payments_pending ON payments (created_at) WHERE status = 'PENDING';

-- order-api's sandbox payment gateway: what the gateway itself would record (its charges and refunds by
-- idempotency key). Only the sandbox adapter reads or writes it; a real gateway keeps this on its side.
CREATE TABLE sandbox_gateway_operations (
    idempotency_key VARCHAR(100) PRIMARY KEY,
    kind            VARCHAR(8)   NOT NULL CHECK (kind IN ('CHARGE', 'REFUND')),
    token           VARCHAR(64)  NOT NULL,
    amount          BIGINT       NOT NULL,
    outcome         VARCHAR(16)  NOT NULL CHECK (outcome IN ('CAPTURED', 'DECLINED', 'REFUNDED')),
    reference       VARCHAR(80),
    attempts        INTEGER      NOT NULL DEFAULT 1,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- inventory module (stock administration in order-api, reservations in fulfillment-fn): a tracked product's
-- stock. No row, or tracked false: not tracked, always available. The row stays when tracking stops, so that the
-- Stock aggregate's version keeps growing.
CREATE TABLE stock (
    product_id BIGINT      PRIMARY KEY REFERENCES products (id),
    tracked    BOOLEAN     NOT NULL,
    on_hand    BIGINT      NOT NULL CHECK (on_hand BETWEEN 0 AND 1000000),
    reserved   BIGINT      NOT NULL DEFAULT 0 CHECK (reserved >= 0 AND reserved <= on_hand),
    version    BIGINT      NOT NULL DEFAULT 0,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- inventory module: one reservation per order (written for every order, also when nothing is tracked, so that a
-- redelivered or late event finds what was decided). version: the Reservation aggregate's event version.
CREATE TABLE stock_reservations (
    order_id   BIGINT      PRIMARY KEY,
    status     VARCHAR(16) NOT NULL CHECK (status IN ('RESERVED', 'REJECTED', 'DEDUCTED', 'RELEASED')),
    version    BIGINT      NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- The tracked lines a reservation holds (untracked products are left out).
CREATE TABLE stock_reservation_lines (
    order_id   BIGINT NOT NULL REFERENCES stock_reservations (order_id),
    product_id BIGINT NOT NULL,
    quantity   BIGINT NOT NULL CHECK (quantity >= 1),
    PRIMARY KEY (order_id, product_id)
);

-- fulfillment-fn (shipping): at most one shipment per order. A row CANCELLED without a carrier reference is an
-- order cancelled before anything was scheduled: a late STOCK_DEDUCTED then schedules nothing.
CREATE TABLE shipments (
    id                BIGSERIAL   PRIMARY KEY,
    order_id          BIGINT      NOT NULL UNIQUE,
    status            VARCHAR(16) NOT NULL CHECK (status IN ('SCHEDULED', 'SHIPPED', 'DELIVERED', 'CANCELLED')),
    carrier_reference VARCHAR(80),
    version           BIGINT      NOT NULL DEFAULT 0,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
