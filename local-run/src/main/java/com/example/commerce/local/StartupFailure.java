package com.example.commerce.local;

import java.net.BindException;
import java.util.ArrayList;
import java.util.List;

/** Turns a start-up exception into the one message a developer needs at the console. */
final class StartupFailure {

    /** How the test-resources client quotes a failure of the embedded-infra resolver. */
    static final String INFRASTRUCTURE_FAILURE = "InfrastructureException: ";

    private StartupFailure() {
    }

    static String explain(Throwable failure) {
        List<Throwable> chain = causes(failure);
        for (Throwable cause : chain) {
            if (cause instanceof BindException) {
                return """
                        Start-up failed: the HTTP port is already in use (%s).
                        Fix: stop the process that holds it, or choose another port, e.g. PORT=8081 ./run-local""".formatted(cause.getMessage());
            }
        }
        for (Throwable cause : chain) {
            String message = cause.getMessage();
            // Messages of the embedded servers, relayed by the test-resources client, already name the fix.
            if (message != null && message.contains(INFRASTRUCTURE_FAILURE)) {
                return "Start-up failed: "
                        + message.substring(message.indexOf(INFRASTRUCTURE_FAILURE) + INFRASTRUCTURE_FAILURE.length());
            }
        }
        Throwable root = chain.get(chain.size() - 1);
        return """
                Start-up failed: %s
                Cause: %s
                Fix: check the configuration named above (see docs/configuration.md); run with \
                LOG_LEVEL=DEBUG for details.""".formatted(failure.getMessage(), root);
    }

    private static List<Throwable> causes(Throwable failure) {
        var chain = new ArrayList<Throwable>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
