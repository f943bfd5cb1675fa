package com.example.commerce.api.auth;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.platform.db.PostgresErrors;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

@Singleton
public class UserService {

    /** BCrypt ignores everything after 72 bytes; longer passwords would be silently truncated. */
    private static final int MAX_PASSWORD_BYTES = 72;

    private final UserRepository users;
    private final PasswordHasher hasher;

    public UserService(UserRepository users, PasswordHasher hasher) {
        this.users = users;
        this.hasher = hasher;
    }

    public User signup(String username, String password, Role role) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw ApiException.badRequest("password-too-long",
                    "password must be at most " + MAX_PASSWORD_BYTES + " bytes in UTF-8", Map.of("field", "password"));
        }
        try {
            return users.save(new User(null, username, hasher.hash(password), role, null));
        } catch (DataAccessException e) {
            if (PostgresErrors.isUniqueViolation(e)) {
                throw ApiException.conflict("username-taken", "username '" + username + "' is already taken",
                        Map.of("username", username));
            }
            throw e;
        }
    }

    /** @return the user if the password matches; empty for an unknown user or a wrong password alike */
    public Optional<User> authenticate(String username, String password) {
        // A name that signup could never have accepted does not reach the database (NUL bytes, huge strings...).
        Optional<User> user = SignupRequest.isWellFormedUsername(username) ? users.findByUsername(username)
                : Optional.empty();
        if (user.isEmpty()) {
            hasher.spendEquivalentTime(password);
            return Optional.empty();
        }
        return user.filter(u -> hasher.matches(password, u.passwordHash()));
    }
}
