package com.example.commerce.local;

import io.micronaut.http.server.exceptions.ServerStartupException;
import org.junit.jupiter.api.Test;

import java.net.BindException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupFailureTest {

    @Test
    void aTakenPortNamesTheFix() {
        var failure = new ServerStartupException("Unable to start Micronaut server on *:8080",
                new BindException("Address already in use"));

        String message = StartupFailure.explain(failure);

        assertTrue(message.startsWith("Start-up failed: the HTTP port is already in use (Address already in use)."),
                message);
        assertTrue(message.contains("PORT=8081 ./run-local"), message);
    }

    @Test
    void aRelayedEmbeddedServerFailureIsShownWithoutTheClientsPreamble() {
        var failure = new IllegalStateException("Error creating bean", new RuntimeException(
                "Test resources service wasn't able to revolve expression 'kafka.bootstrap.servers':  "
                        + "com.example.commerce.infra.InfrastructureException: Embedded Kafka broker did not start.\n"
                        + "Fix: set KAFKA_BOOTSTRAP_SERVERS."));

        assertEquals("Start-up failed: Embedded Kafka broker did not start.\nFix: set KAFKA_BOOTSTRAP_SERVERS.",
                StartupFailure.explain(failure));
    }

    @Test
    void anythingElseNamesTheRootCause() {
        var failure = new IllegalStateException("Bean creation failed",
                new IllegalArgumentException("bad datasources.default.url"));

        String message = StartupFailure.explain(failure);

        assertTrue(message.startsWith("Start-up failed: Bean creation failed"), message);
        assertTrue(message.contains("Cause: java.lang.IllegalArgumentException: bad datasources.default.url"), message);
    }
}
