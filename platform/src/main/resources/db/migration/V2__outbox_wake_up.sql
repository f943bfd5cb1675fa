-- Wakes listening relays when outbox rows are committed (notifications are delivered at commit, and one per
-- transaction and channel however many rows it inserted), so events reach Kafka without waiting for a poll.
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox_inserted', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_inserted
    AFTER INSERT ON outbox
    FOR EACH STATEMENT
EXECUTE FUNCTION outbox_notify();
