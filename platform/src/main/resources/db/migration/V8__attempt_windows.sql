-- order-api: sign-up and log-in attempt counters, shared by every instance of the API (on Lambda each instance
-- serves one request at a time, so a per-instance count would multiply with concurrency). One fixed window per
-- key, "<scope>:<subject>": LOGIN and SIGNUP count attempts per client address, LOGIN_FAILURE failed log-ins per
-- username. Windows are timed by the database's clock, so instances need not agree on the time.
CREATE TABLE attempt_windows (
    key          VARCHAR(160) PRIMARY KEY,
    window_start TIMESTAMPTZ  NOT NULL,
    attempts     INTEGER      NOT NULL
);
-- Expired windows are deleted in bounded chunks.
CREATE INDEX attempt_windows_start ON attempt_windows (window_start);
