package com.example.commerce.notification;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.UUID;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface NotificationRepository extends GenericRepository<Notification, Long> {

    /** The unique source event makes a second insert of the same event a no-op even without the processed mark. */
    @Query("""
            INSERT INTO notifications (user_id, order_id, type, message, source_event_id)
            VALUES (:userId, :orderId, :type, :message, :sourceEventId)
            ON CONFLICT (source_event_id) DO NOTHING""")
    int insertIfAbsent(long userId, long orderId, String type, String message, UUID sourceEventId);
}
