-- Announces every committed insert into notifications on the PostgreSQL channel notifications_created, so that
-- order-api's live streams (GET /api/notifications/stream) are woken at once instead of polling the table. One
-- signal per statement, delivered at commit (never for a rolled-back insert): the payload is the distinct user ids
-- of the inserted rows, comma-separated, or '*' (wake every stream) when a statement inserts for so many users that
-- the list could approach NOTIFY's 8,000-byte payload limit. Statements that insert nothing (ON CONFLICT DO
-- NOTHING) send nothing.
CREATE FUNCTION notifications_created_signal() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    users text;
BEGIN
    SELECT CASE WHEN count(DISTINCT user_id) <= 300 THEN string_agg(DISTINCT user_id::text, ',') ELSE '*' END
      INTO users
      FROM created;
    IF users IS NOT NULL THEN
        PERFORM pg_notify('notifications_created', users);
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER notifications_created_signal
    AFTER INSERT ON notifications
    REFERENCING NEW TABLE AS created
    FOR EACH STATEMENT EXECUTE FUNCTION notifications_created_signal();
