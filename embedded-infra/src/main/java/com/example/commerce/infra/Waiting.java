package com.example.commerce.infra;

/** Small helpers shared by the embedded servers' start-up loops. */
final class Waiting {

    private Waiting() {
    }

    /** Sleeps between readiness checks; an interrupt aborts the start of {@code server}. */
    static void pause(long millis, String server) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("Interrupted while waiting for " + server, e);
        }
    }

    /** The innermost message of a failure: usually the one that says what actually went wrong. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
