package com.example.commerce.api.activity;

import com.example.commerce.api.auth.User;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.LocalDate;
import java.util.List;

/**
 * order-api's statements about user activity: the activity events' versions, and the daily counts indexer-fn keeps
 * in user_activity_daily (read only here).
 */
@JdbcRepository(dialect = Dialect.POSTGRES)
public interface ActivityRepository extends GenericRepository<User, Long> {

    /** The aggregateVersion of an activity event: the next number of sequence user_activity_versions. */
    @Query("SELECT nextval('user_activity_versions')")
    long nextVersion();

    /** The day's users in user id order, with their usernames (null for an account deleted since). */
    @Query("""
            SELECT a.user_id, u.username, a.logins, a.joins, a.messages_posted
            FROM user_activity_daily a LEFT JOIN users u ON u.id = a.user_id
            WHERE a.day = :day
            ORDER BY a.user_id
            LIMIT :limit OFFSET :offset""")
    List<UserDayActivity> findByDay(LocalDate day, int limit, long offset);

    @Query("SELECT count(*) FROM user_activity_daily WHERE day = :day")
    long countByDay(LocalDate day);
}
