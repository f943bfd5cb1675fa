package com.example.commerce.infra;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The embedded broker and database log every step at INFO and routine start/stop events at WARN; next to a build's
 * output only errors are useful.
 */
final class QuietLogging {

    private static final List<String> NOISY = List.of(
            "kafka", "org.apache.kafka", "state.change.logger", "org.apache.zookeeper", "io.zonky.test");
    /**
     * The test-resources server bundles Testcontainers support, which reports at ERROR level that there is no
     * Docker. Nothing here uses containers, so that message would only mislead.
     */
    private static final List<String> CONTAINER_SUPPORT = List.of(
            "org.testcontainers", "io.micronaut.testresources.testcontainers");
    /**
     * In the test-resources server, a failed start would also be logged with its whole stack trace by the HTTP
     * layer. {@link EmbeddedInfrastructure} already logs the one message that matters, and the client relays it.
     */
    private static final String SERVER_ROUTE_ERRORS = "io.micronaut.http.server.RouteExecutor";

    private QuietLogging() {
    }

    static void apply() {
        try {
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
                NOISY.forEach(name -> context.getLogger(name).setLevel(Level.ERROR));
                context.getLogger(SERVER_ROUTE_ERRORS).setLevel(Level.OFF);
                CONTAINER_SUPPORT.forEach(name -> context.getLogger(name).setLevel(Level.OFF));
            }
        } catch (LinkageError logbackAbsent) {
            // Another SLF4J binding is in charge; leave its configuration alone.
        }
    }
}
