package com.example.commerce.api.notification;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface NotificationRepository extends GenericRepository<Notification, Long> {

    Page<Notification> findByUserId(long userId, Pageable pageable);

    boolean existsByIdAndUserId(long id, long userId);

    /** @return 1 if it was unread and is now read; 0 if already read or not the user's */
    @Query("UPDATE notifications SET read_at = now() WHERE id = :id AND user_id = :userId AND read_at IS NULL")
    int markRead(long id, long userId);
}
