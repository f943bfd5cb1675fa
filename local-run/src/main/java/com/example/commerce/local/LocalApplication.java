package com.example.commerce.local;

import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Runs order-api, outbox-relay-fn, notification-fn, indexer-fn and fulfillment-fn together in one Netty server. Each function's
 * configuration is a Micronaut environment named after its module; {@value #LOCAL} comes last so that it wins.
 */
public final class LocalApplication extends Micronaut {

    public static final String LOCAL = "local";
    private static final String JWT_SECRET = "commerce.auth.jwt-secret";
    static final String[] ENVIRONMENTS = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", "fulfillment-fn",
            LOCAL};

    private LocalApplication() {
    }

    public static void main(String[] args) {
        generateJwtSecretUnlessConfigured();
        new LocalApplication()
                .args(args)
                .mainClass(LocalApplication.class)
                .environments(ENVIRONMENTS)
                .banner(false)
                .start();
    }

    /**
     * order-api refuses to start without a signing secret. Locally a random one per start is fine: tokens simply
     * do not survive a restart. Deployments configure COMMERCE_AUTH_JWT_SECRET.
     */
    private static void generateJwtSecretUnlessConfigured() {
        if (System.getenv("COMMERCE_AUTH_JWT_SECRET") != null || System.getProperty(JWT_SECRET) != null) {
            return;
        }
        byte[] secret = new byte[48];
        new SecureRandom().nextBytes(secret);
        System.setProperty(JWT_SECRET, Base64.getEncoder().encodeToString(secret));
        System.err.println("local-run: generated a JWT signing secret for this run (set COMMERCE_AUTH_JWT_SECRET "
                + "to keep tokens valid across restarts)");
    }

    /** One clear message instead of Micronaut's stack trace: what failed and how to fix it. */
    @Override
    protected void handleStartupException(Environment environment, Throwable exception) {
        System.err.println(StartupFailure.explain(exception));
        System.exit(1);
    }
}
