package com.example.commerce.infra;

/**
 * An embedded server could not be started. The message names the server, what went wrong and how to fix it,
 * because it is shown to a developer at the console, usually far away from this code.
 */
public final class InfrastructureException extends RuntimeException {

    public InfrastructureException(String message) {
        super(message);
    }

    public InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
