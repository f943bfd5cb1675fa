package com.example.commerce.api.auth;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Usernames: 3-32 letters, digits, '.', '_' or '-'. Passwords: 8-72 characters (BCrypt reads at most 72 bytes)
 * with at least one letter and one digit.
 */
@Serdeable
public record SignupRequest(
        @NotBlank @Size(min = 3, max = 32) @Pattern(regexp = SignupRequest.USERNAME,
                message = "may contain only letters, digits, '.', '_' and '-'") String username,
        @NotBlank @Size(min = 8, max = 72)
        @Pattern(regexp = "(?=.*\\p{L})(?=.*\\p{N}).*", message = "must contain at least one letter and one digit")
        String password) {

    static final String USERNAME = "[A-Za-z0-9._-]+";
    private static final java.util.regex.Pattern WELL_FORMED_USERNAME =
            java.util.regex.Pattern.compile("[A-Za-z0-9._-]{3,32}");

    static boolean isWellFormedUsername(String username) {
        return WELL_FORMED_USERNAME.matcher(username).matches();
    }
}
