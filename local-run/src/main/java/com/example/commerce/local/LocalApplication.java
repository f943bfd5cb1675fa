package com.example.commerce.local;

import io.micronaut.context.env.Environment;
import io.micronaut.runtime.Micronaut;

/**
 * Runs order-api, outbox-relay-fn, notification-fn and indexer-fn together in one Netty server. Each function's
 * configuration is a Micronaut environment named after its module; {@value #LOCAL} comes last so that it wins.
 */
public final class LocalApplication extends Micronaut {

    public static final String LOCAL = "local";
    static final String[] ENVIRONMENTS = {"order-api", "outbox-relay-fn", "notification-fn", "indexer-fn", LOCAL};

    private LocalApplication() {
    }

    public static void main(String[] args) {
        new LocalApplication()
                .args(args)
                .mainClass(LocalApplication.class)
                .environments(ENVIRONMENTS)
                .banner(false)
                .start();
    }

    /** One clear message instead of Micronaut's stack trace: what failed and how to fix it. */
    @Override
    protected void handleStartupException(Environment environment, Throwable exception) {
        System.err.println(StartupFailure.explain(exception));
        System.exit(1);
    }
}
