package com.example.commerce.reliability;

import com.example.commerce.infra.EmbeddedElasticsearch;
import com.example.commerce.infra.EmbeddedPostgresServer;
import com.example.commerce.infra.LoopbackPorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The system under test, each part in a process the harness can fail: PostgreSQL (with crash-safe commits) and
 * Elasticsearch (child processes of the embedded servers), a Kafka broker, and three JVMs of the local
 * application: order-api with the indexer, the outbox relay, and the notification consumer.
 */
final class LocalStack implements AutoCloseable {

    static final String JWT_SECRET = "reliability-harness-signing-secret-0123456789abcdef";
    /** Generous: on a 2-core machine shared with other builds, a JVM of the application took over 2 minutes to start. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(300);

    private final Path workDir;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedElasticsearch elasticsearch;
    private final ChildProcess kafka;
    private final String bootstrapServers;
    private final int apiPort;
    private final ChildProcess api;
    private final ChildProcess relay;
    private final int relayPort;
    private final ChildProcess notifications;
    private final int notificationsPort;

    LocalStack(Path workDir) {
        this.workDir = workDir;
        try {
            Files.createDirectories(workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Crash-safe commits: the harness kills PostgreSQL and then counts every order the API acknowledged.
        postgres = EmbeddedPostgresServer.startCrashSafe();
        elasticsearch = EmbeddedElasticsearch.start();
        int brokerPort = LoopbackPorts.free();
        bootstrapServers = "127.0.0.1:" + brokerPort;
        kafka = new ChildProcess("kafka", KafkaBrokerMain.class.getName(), Map.of(),
                List.of(workDir.resolve("kafka-data").toString(), String.valueOf(brokerPort),
                        String.valueOf(LoopbackPorts.free())), "384m", workDir.resolve("kafka.log"));
        startKafka();

        apiPort = LoopbackPorts.free();
        // The saga's consumers run with the notification consumer, in the process the harness kills mid-run; its
        // timer (expiry, reconciliation, retries) runs in every process, as it may on Lambda.
        api = function("order-api", apiPort, Map.of(
                "commerce.relay.scheduler.enabled", "false",
                "commerce.notification.consumer.enabled", "false",
                "commerce.fulfillment.inventory.consumer.enabled", "false",
                "commerce.fulfillment.shipping.consumer.enabled", "false",
                "commerce.saga.consumer.enabled", "false"));
        relayPort = LoopbackPorts.free();
        relay = function("outbox-relay", relayPort, Map.of(
                "commerce.notification.consumer.enabled", "false",
                "commerce.indexer.consumer.enabled", "false",
                "commerce.fulfillment.inventory.consumer.enabled", "false",
                "commerce.fulfillment.shipping.consumer.enabled", "false",
                "commerce.saga.consumer.enabled", "false"));
        notificationsPort = LoopbackPorts.free();
        notifications = function("notification", notificationsPort, Map.of(
                "commerce.relay.scheduler.enabled", "false",
                "commerce.indexer.consumer.enabled", "false"));
        // order-api first: it applies the migrations the others then find done.
        startFunction(api, apiPort);
        startFunction(relay, relayPort);
        startFunction(notifications, notificationsPort);
    }

    private ChildProcess function(String name, int port, Map<String, String> only) {
        var properties = new HashMap<String, String>(only);
        properties.put("micronaut.server.port", String.valueOf(port));
        properties.put("datasources.default.url", postgres.jdbcUrl());
        properties.put("datasources.default.username", EmbeddedPostgresServer.USERNAME);
        properties.put("datasources.default.password", EmbeddedPostgresServer.PASSWORD);
        properties.put("kafka.bootstrap.servers", bootstrapServers);
        properties.put("elasticsearch.http-hosts", elasticsearch.httpUrl());
        properties.put("commerce.auth.jwt-secret", JWT_SECRET);
        // The harness signs its users up and logs them in from one address, and is not measuring BCrypt.
        properties.put("commerce.auth.attempts.login", "1000000");
        properties.put("commerce.auth.attempts.signup", "1000000");
        properties.put("commerce.auth.bcrypt-cost", "4");
        // The saga's clocks, shortened so that expiry, reconciliation and parking happen within the run.
        properties.put("commerce.orders.payment-timeout", "20s");
        properties.put("commerce.saga.timer-interval", "1s");
        properties.put("commerce.payments.reconcile-after", "2s");
        properties.put("commerce.saga.retry-initial", "500ms");
        properties.put("commerce.saga.retry-max", "2s");
        properties.put("commerce.saga.max-attempts", "3");
        properties.put("commerce.payments.sandbox.refund-declines", "3");
        return new ChildProcess(name, "com.example.commerce.local.LocalApplication", properties, List.of(), "512m",
                workDir.resolve(name + ".log"));
    }

    private static void startFunction(ChildProcess function, int port) {
        function.start();
        awaitHttp(function, port);
    }

    /** Any HTTP answer from /health means the server is up (it says DOWN while a dependency is). */
    private static void awaitHttp(ChildProcess function, int port) {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!function.isAlive()) {
                throw new IllegalStateException(function.name() + " exited during start-up; see " + function.log());
            }
            try {
                client.send(request, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(function.name() + " did not answer within " + READY_TIMEOUT.toSeconds()
                + " s; see " + function.log());
    }

    void killKafka() {
        kafka.kill();
    }

    void startKafka() {
        kafka.start();
        int port = Integer.parseInt(bootstrapServers.substring(bootstrapServers.indexOf(':') + 1));
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                if (!kafka.isAlive()) {
                    throw new IllegalStateException("the Kafka broker exited; see " + kafka.log());
                }
                sleep(100);
            }
        }
        throw new IllegalStateException("the Kafka broker did not listen within " + READY_TIMEOUT.toSeconds() + " s");
    }

    /** SIGSTOP of the broker: its sockets stay open, so clients wait for answers instead of failing at once. */
    void freezeKafka() {
        kafka.freeze();
    }

    void thawKafka() {
        kafka.thaw();
    }

    /** SIGKILL of the postmaster; its data directory stays as the crash left it. */
    void killPostgres() {
        postgres.kill();
    }

    /** The postmaster again on the same data directory and port, after crash recovery. */
    void startPostgres() {
        postgres.restart();
    }

    void killRelay() {
        relay.kill();
    }

    void startRelay() {
        startFunction(relay, relayPort);
    }

    void killNotifications() {
        notifications.kill();
    }

    void startNotifications() {
        startFunction(notifications, notificationsPort);
    }

    void stopElasticsearch() {
        elasticsearch.stop();
    }

    void startElasticsearch() {
        elasticsearch.restart();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    String bootstrapServers() {
        return bootstrapServers;
    }

    String elasticsearchUrl() {
        return elasticsearch.httpUrl();
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), EmbeddedPostgresServer.USERNAME,
                EmbeddedPostgresServer.PASSWORD);
    }

    Path workDir() {
        return workDir;
    }

    @Override
    public void close() {
        for (ChildProcess function : List.of(api, relay, notifications)) {
            function.stop();
        }
        kafka.stop();
        elasticsearch.close();
        postgres.close();
    }


    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
