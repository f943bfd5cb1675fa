package com.example.commerce.api.auth;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRepository extends CrudRepository<User, Long> {

    /** Usernames are unique regardless of case (see the users_username_lower_key index). */
    @Query("SELECT * FROM users WHERE lower(username) = lower(:username)")
    Optional<User> findByUsername(String username);

    /** Of the (lower-case) usernames, the users who are members of the channel. */
    @Query("""
            SELECT u.* FROM users u JOIN channel_members m ON m.user_id = u.id AND m.channel_id = :channelId
            WHERE lower(u.username) IN (:usernames)""")
    List<User> findMembersByUsernames(long channelId, Collection<String> usernames);

    /** The role a user has now; empty once the user is deleted. */
    @Query("SELECT role FROM users WHERE id = :id")
    Optional<Role> findRoleById(long id);
}
