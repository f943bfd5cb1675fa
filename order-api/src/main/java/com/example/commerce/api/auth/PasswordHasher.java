package com.example.commerce.api.auth;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** BCrypt with a configurable cost. Plain passwords are never stored or logged. */
@Singleton
public class PasswordHasher {

    private final BCryptPasswordEncoder encoder;
    /**
     * Compared against when the user does not exist, so that both answers take the same time. Checking a password
     * against it costs what a real check costs, since that depends only on the cost factor; a constant salt and
     * digest of that cost spare a hashing at start-up, where the JVM is still slow.
     */
    private final String decoyHash;

    public PasswordHasher(@Value("${commerce.auth.bcrypt-cost:10}") int cost) {
        this.encoder = new BCryptPasswordEncoder(cost);
        this.decoyHash = "$2a$%02d$".formatted(cost) + "Q9nE3b0yA2r8xVJw6hCm1O" + "kT5uYd7sLq4ZpG0cR2iW8eN3fB6vXa1";
    }

    public String hash(String password) {
        return encoder.encode(password);
    }

    public boolean matches(String password, String hash) {
        return encoder.matches(password, hash);
    }

    String decoyHash() {
        return decoyHash;
    }

    /** Spends the time of a real check, to not reveal through timing that a username does not exist. */
    public void spendEquivalentTime(String password) {
        encoder.matches(password, decoyHash);
    }
}
