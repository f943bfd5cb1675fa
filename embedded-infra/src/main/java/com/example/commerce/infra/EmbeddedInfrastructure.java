package com.example.commerce.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * The embedded servers of one JVM, each started on first use and stopped, newest first, when the JVM exits.
 *
 * <p>In the build this JVM is the micronaut-test-resources server, a child of the Maven process. The Maven plugin
 * does not always stop a server shared by several modules, so unless told otherwise this JVM also exits when its
 * parent does: a finished or interrupted build never leaves a database, broker or search node behind.
 */
final class EmbeddedInfrastructure {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedInfrastructure.class);
    private static final EmbeddedInfrastructure INSTANCE = new EmbeddedInfrastructure();

    private final Deque<EmbeddedServer> started = new ArrayDeque<>();
    private final Lazy<EmbeddedPostgresServer> postgres = new Lazy<>("PostgreSQL", EmbeddedPostgresServer::start);
    private final Lazy<EmbeddedKafkaBroker> kafka = new Lazy<>("Kafka", EmbeddedKafkaBroker::start);
    private final Lazy<EmbeddedElasticsearch> elasticsearch =
            new Lazy<>("Elasticsearch", EmbeddedElasticsearch::start);

    private EmbeddedInfrastructure() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAll, "embedded-infra-shutdown"));
        if (Boolean.parseBoolean(System.getProperty("commerce.infra.exit-with-parent", "true"))) {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
                LOG.info("Parent process {} ended; stopping embedded servers", parent.pid());
                System.exit(0);
            }));
        }
    }

    static EmbeddedInfrastructure get() {
        return INSTANCE;
    }

    EmbeddedPostgresServer postgres() {
        return postgres.get();
    }

    EmbeddedKafkaBroker kafka() {
        return kafka.get();
    }

    EmbeddedElasticsearch elasticsearch() {
        return elasticsearch.get();
    }

    private synchronized void register(EmbeddedServer server) {
        started.push(server);
    }

    private synchronized void stopAll() {
        while (!started.isEmpty()) {
            EmbeddedServer server = started.pop();
            LOG.info("Stopping {}", server.displayName());
            server.close();
        }
        // Each build has its own server namespace; its settings are of no use once this server is gone.
        String settingsDir = System.getProperty("commerce.infra.settings-dir");
        if (settingsDir != null && !settingsDir.isBlank()) {
            Directories.deleteRecursively(Path.of(settingsDir));
        }
    }

    /**
     * Starts a server once. A failed start is remembered, so every later request fails at once with the same
     * message instead of waiting for another timeout.
     */
    private final class Lazy<T extends EmbeddedServer> {
        private final String name;
        private final Supplier<T> starter;
        private T server;
        private InfrastructureException failure;

        Lazy(String name, Supplier<T> starter) {
            this.name = name;
            this.starter = starter;
        }

        synchronized T get() {
            if (server != null) {
                return server;
            }
            if (failure != null) {
                throw failure;
            }
            long begin = System.nanoTime();
            LOG.info("Starting embedded {}", name);
            try {
                server = starter.get();
            } catch (InfrastructureException e) {
                failure = e;
                LOG.error(e.getMessage());
                throw e;
            } catch (RuntimeException e) {
                failure = new InfrastructureException("Embedded " + name + " failed to start: " + e, e);
                LOG.error(failure.getMessage(), e);
                throw failure;
            }
            register(server);
            LOG.info("{} ready in {} ms", server.displayName(), (System.nanoTime() - begin) / 1_000_000);
            return server;
        }
    }
}
