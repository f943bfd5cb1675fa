-- notification-fn: the transaction that created each notification. A live stream (order-api, NotificationStream)
-- reads a user's notifications newer than the last one it told, and also those created by transactions that were
-- still in progress at its previous look: a notification whose transaction commits after a newer one of the same
-- user was told is then told too, instead of being skipped. Rows written before this column have none; they were
-- committed long before any stream opened.
ALTER TABLE notifications ADD COLUMN created_xid xid8;
ALTER TABLE notifications ALTER COLUMN created_xid SET DEFAULT pg_current_xact_id();
