package com.example.commerce.notifications;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every statement on the notifications table, for its writer (notification-fn) and its reader (order-api). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface NotificationRepository extends GenericRepository<Notification, Long> {

    /** The unique source event makes a second insert of the same event a no-op even without the processed mark. */
    @Query("""
            INSERT INTO notifications (user_id, order_id, type, message, source_event_id)
            VALUES (:userId, :orderId, :type, :message, :sourceEventId)
            ON CONFLICT (source_event_id) DO NOTHING""")
    int insertIfAbsent(long userId, long orderId, String type, String message, UUID sourceEventId);

    /**
     * A MENTION: at most one per user and message (the notifications_one_mention index) and one per source id, so
     * neither a redelivered event nor an edit that mentions the user again adds a second one.
     *
     * @return 1 if it was created, 0 if the user already had it
     */
    @Query("""
            INSERT INTO notifications (user_id, type, message, source_event_id, channel_id, message_id)
            VALUES (:userId, 'MENTION', :message, :sourceId, :channelId, :messageId)
            ON CONFLICT DO NOTHING""")
    int insertMentionIfAbsent(long userId, long channelId, long messageId, String message, UUID sourceId);

    /** The notification a source event (or a mention's source id) created. */
    Optional<Notification> findBySourceEventId(UUID sourceEventId);

    /** The user's newest notification id, 0 without any: where a live stream starts. */
    @Query("SELECT coalesce(max(id), 0) FROM notifications WHERE user_id = :userId")
    long maxIdOf(long userId);

    /** The user's notifications after {@code afterId}, oldest first, at most 100 (a live stream's next ones). */
    @Query("SELECT * FROM notifications WHERE user_id = :userId AND id > :afterId ORDER BY id LIMIT 100")
    List<Notification> findNewer(long userId, long afterId);

    Page<Notification> findByUserId(long userId, Pageable pageable);

    boolean existsByIdAndUserId(long id, long userId);

    /** @return 1 if it was unread and is now read; 0 if already read or not the user's */
    @Query("UPDATE notifications SET read_at = now() WHERE id = :id AND user_id = :userId AND read_at IS NULL")
    int markRead(long id, long userId);
}
