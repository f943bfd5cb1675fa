package com.example.commerce.notifications;

import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * notification-fn's multi-row insert: the notifications of a whole batch of events in one statement, under the
 * table's two unique rules (one notification per source event id, a unique column; one MENTION per
 * user and message, notifications_one_mention): a row that would break either is left out, also when it repeats an
 * earlier row of the same statement. One statement also means one wake-up of the live streams
 * (migration V16's statement trigger) per batch.
 */
@Singleton
public class NotificationInserts {

    /**
     * Ids are given in list order, so a user's notifications keep the order of the events that caused them.
     *
     * @param connection the connection of the caller's transaction (nothing is committed here)
     * @return the notifications created, in id order; those left out are not among them
     */
    public List<Notification> insertAllIfAbsent(Connection connection, List<NewNotification> notifications)
            throws SQLException {
        var created = new ArrayList<Notification>(notifications.size());
        if (notifications.isEmpty()) {
            return created;
        }
        int size = notifications.size();
        Long[] users = new Long[size];
        Long[] orders = new Long[size];
        String[] types = new String[size];
        String[] messages = new String[size];
        UUID[] sources = new UUID[size];
        Long[] channels = new Long[size];
        Long[] messageIds = new Long[size];
        for (int i = 0; i < size; i++) {
            NewNotification n = notifications.get(i);
            users[i] = n.userId();
            orders[i] = n.orderId();
            types[i] = n.type();
            messages[i] = n.message();
            sources[i] = n.sourceEventId();
            channels[i] = n.channelId();
            messageIds[i] = n.messageId();
        }
        try (var insert = connection.prepareStatement("""
                INSERT INTO notifications (user_id, order_id, type, message, source_event_id, channel_id, message_id)
                SELECT n.user_id, n.order_id, n.type, n.message, n.source_event_id, n.channel_id, n.message_id
                FROM unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::uuid[], ?::bigint[], ?::bigint[])
                     WITH ORDINALITY
                     AS n(user_id, order_id, type, message, source_event_id, channel_id, message_id, position)
                ORDER BY n.position
                ON CONFLICT DO NOTHING
                RETURNING id, user_id, order_id, type, message, source_event_id, read_at, created_at, channel_id,
                          message_id""")) {
            insert.setArray(1, connection.createArrayOf("bigint", users));
            insert.setArray(2, connection.createArrayOf("bigint", orders));
            insert.setArray(3, connection.createArrayOf("text", types));
            insert.setArray(4, connection.createArrayOf("text", messages));
            insert.setArray(5, connection.createArrayOf("uuid", sources));
            insert.setArray(6, connection.createArrayOf("bigint", channels));
            insert.setArray(7, connection.createArrayOf("bigint", messageIds));
            try (var rows = insert.executeQuery()) {
                while (rows.next()) {
                    created.add(notification(rows));
                }
            }
        }
        created.sort((a, b) -> Long.compare(a.id(), b.id()));
        return created;
    }

    private static Notification notification(ResultSet row) throws SQLException {
        var readAt = row.getObject("read_at", OffsetDateTime.class);
        return new Notification(row.getLong("id"), row.getLong("user_id"), row.getObject("order_id", Long.class),
                row.getString("type"), row.getString("message"), row.getObject("source_event_id", UUID.class),
                readAt == null ? null : readAt.toInstant(),
                row.getObject("created_at", OffsetDateTime.class).toInstant(),
                row.getObject("channel_id", Long.class), row.getObject("message_id", Long.class));
    }
}
