package com.example.commerce.indexer.activity;

import com.example.commerce.indexer.ProductMetrics;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.LocalDate;

/** indexer-fn's one statement on user_activity_daily (migration V13): adding to a user's counts of a day. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface DailyActivityRepository extends GenericRepository<ProductMetrics, Long> {

    @Query("""
            INSERT INTO user_activity_daily (user_id, day, logins, joins, messages_posted)
            VALUES (:userId, :day, :logins, :joins, :messagesPosted)
            ON CONFLICT (day, user_id) DO UPDATE SET
                logins = user_activity_daily.logins + EXCLUDED.logins,
                joins = user_activity_daily.joins + EXCLUDED.joins,
                messages_posted = user_activity_daily.messages_posted + EXCLUDED.messages_posted,
                updated_at = now()""")
    void add(long userId, LocalDate day, long logins, long joins, long messagesPosted);
}
