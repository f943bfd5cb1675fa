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

    /**
     * The oldest transaction still in progress, as PostgreSQL's {@code xid8} in text: every notification not yet
     * visible now was created by that transaction or a later one.
     */
    @Query("SELECT CAST(pg_snapshot_xmin(pg_current_snapshot()) AS text)")
    String transactionHorizon();

    /**
     * Where a live stream starts, in one snapshot: the user's newest notification and those created by transactions
     * from {@code horizon} on (both existed before the stream; the later look of {@link #findNewer} finds the latter
     * again and must not tell them).
     */
    @Query("""
            SELECT id FROM notifications
            WHERE user_id = :userId
              AND (created_xid >= CAST(:horizon AS xid8)
                   OR id = (SELECT max(id) FROM notifications WHERE user_id = :userId))""")
    List<Long> streamStart(long userId, String horizon);

    /**
     * A live stream's next look, oldest first, at most {@value #NEWER_LIMIT}: the user's notifications after
     * {@code afterId}, and those created by transactions from {@code horizon} on (the horizon of the stream's previous
     * look), which may have committed after a newer notification was told.
     */
    @Query("""
            SELECT * FROM notifications
            WHERE user_id = :userId AND (id > :afterId OR created_xid >= CAST(:horizon AS xid8))
            ORDER BY id LIMIT 500""")
    List<Notification> findNewer(long userId, long afterId, String horizon);

    /** The most rows {@link #findNewer} returns. */
    int NEWER_LIMIT = 500;

    Page<Notification> findByUserId(long userId, Pageable pageable);

    boolean existsByIdAndUserId(long id, long userId);

    /** @return 1 if it was unread and is now read; 0 if already read or not the user's */
    @Query("UPDATE notifications SET read_at = now() WHERE id = :id AND user_id = :userId AND read_at IS NULL")
    int markRead(long id, long userId);
}
