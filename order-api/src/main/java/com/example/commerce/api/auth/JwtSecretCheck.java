package com.example.commerce.api.auth;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.exceptions.ConfigurationException;

import java.nio.charset.StandardCharsets;

/**
 * Refuses to start without a proper token signing secret: a missing or short secret would make every token
 * forgeable. The local run generates one per start when none is configured.
 */
@Context
public class JwtSecretCheck {

    static final int MIN_BYTES = 32;

    public JwtSecretCheck(@Value("${commerce.auth.jwt-secret:}") String secret) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
            throw new ConfigurationException("commerce.auth.jwt-secret (environment variable "
                    + "COMMERCE_AUTH_JWT_SECRET) must be set to a random secret of at least " + MIN_BYTES
                    + " bytes, e.g. the output of: openssl rand -base64 48");
        }
    }
}
