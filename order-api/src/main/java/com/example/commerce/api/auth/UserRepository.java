package com.example.commerce.api.auth;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface UserRepository extends CrudRepository<User, Long> {

    /** Usernames are unique regardless of case (see the users_username_lower_key index). */
    @Query("SELECT * FROM users WHERE lower(username) = lower(:username)")
    Optional<User> findByUsername(String username);

    /** The role a user has now; empty once the user is deleted. */
    @Query("SELECT role FROM users WHERE id = :id")
    Optional<Role> findRoleById(long id);
}
