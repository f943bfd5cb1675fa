package com.example.commerce.notifications;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.List;

/** Every statement on the notifications table, for its writer (notification-fn) and its reader (order-api). */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface NotificationRepository extends GenericRepository<Notification, Long> {

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
