package com.example.commerce.infra;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

import java.util.List;

/** The embedded broker and database log every step at INFO; only warnings are useful next to a build's output. */
final class QuietLogging {

    private static final List<String> NOISY = List.of(
            "kafka", "org.apache.kafka", "state.change.logger", "org.apache.zookeeper", "io.zonky.test");

    private QuietLogging() {
    }

    static void apply() {
        try {
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
                NOISY.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
            }
        } catch (LinkageError logbackAbsent) {
            // Another SLF4J binding is in charge; leave its configuration alone.
        }
    }
}
