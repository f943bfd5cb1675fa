package com.example.commerce.api.auth;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** BCrypt with a configurable cost. Plain passwords are never stored or logged. */
@Singleton
public class PasswordHasher {

    private final BCryptPasswordEncoder encoder;
    /** Compared against when the user does not exist, so that both answers take the same time. */
    private final String decoyHash;

    public PasswordHasher(@Value("${commerce.auth.bcrypt-cost:10}") int cost) {
        this.encoder = new BCryptPasswordEncoder(cost);
        this.decoyHash = encoder.encode("decoy-password-for-unknown-users");
    }

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    /** Spends the time of a real check, to not reveal through timing that a username does not exist. */
    public void spendEquivalentTime(String password) {
        encoder.matches(password, decoyHash);
    }
}
