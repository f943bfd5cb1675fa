package com.example.commerce.infra;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A single-node Kafka broker and KRaft controller running inside this JVM (no ZooKeeper), its log directory in a
 * fresh temporary directory. Every replication factor is 1; new topics get {@value #DEFAULT_PARTITIONS} partitions
 * so that consumer groups can spread work locally as they would on MSK.
 *
 * <p>Public for failure tests, which start a broker of their own and {@link #stop()} and {@link #restart()} it
 * (same port, same data) while the code under test keeps running.
 */
public final class EmbeddedKafkaBroker implements EmbeddedServer {

    static final int DEFAULT_PARTITIONS = 3;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Properties config;
    private final Path logDir;
    private final int port;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Properties config, Path logDir, int port) {
        this.server = server;
        this.config = config;
        this.logDir = logDir;
        this.port = port;
    }

    public static EmbeddedKafkaBroker start() {
        Path logDir;
        try {
            logDir = Files.createTempDirectory("commerce-kafka-");
        } catch (IOException e) {
            throw new InfrastructureException("Embedded Kafka: cannot create a log directory under "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
        try {
            return startAt(logDir, LoopbackPorts.free(), LoopbackPorts.free());
        } catch (InfrastructureException e) {
            Directories.deleteRecursively(logDir);
            throw e;
        }
    }

    /**
     * Starts a broker on the given ports with its data in {@code logDir}, formatting the directory only if it holds
     * no data yet: started again after a crash, the broker recovers its log. For a broker in a process of its own,
     * which a test can kill.
     */
    public static EmbeddedKafkaBroker startAt(Path logDir, int brokerPort, int controllerPort) {
        QuietLogging.apply();
        Properties config = brokerConfig(logDir, brokerPort, controllerPort);
        KafkaRaftServer server;
        try {
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                Files.createDirectories(logDir);
                format(logDir);
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
            server.startup();
        } catch (Exception e) {
            throw new InfrastructureException("""
                    Embedded Kafka broker did not start on 127.0.0.1:%d: %s
                    Fix: free the port or retry (ports are picked at random), or use an external broker by setting \
                    KAFKA_BOOTSTRAP_SERVERS.""".formatted(brokerPort, Waiting.rootMessage(e)), e);
        }
        var broker = new EmbeddedKafkaBroker(server, config, logDir, brokerPort);
        broker.awaitListening();
        return broker;
    }

    private static Properties brokerConfig(Path logDir, int brokerPort, int controllerPort) {
        var config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", "1");
        config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", logDir.toString());
        config.put("num.partitions", String.valueOf(DEFAULT_PARTITIONS));
        config.put("default.replication.factor", "1");
        config.put("min.insync.replicas", "1");
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("auto.create.topics.enable", "true");
        // Consumers in tests join and leave groups constantly; do not wait 3 s for more members each time.
        config.put("group.initial.rebalance.delay.ms", "0");
        config.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return config;
    }

    private static void format(Path logDir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setControllerListenerName("CONTROLLER")
                .setMetadataLogDirectory(logDir.toString())
                .setDirectories(List.of(logDir.toString()))
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
    }

    /** startup() returns before the socket server accepts connections; clients should not see that window. */
    private void awaitListening() {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                Waiting.pause(50, "the embedded Kafka broker");
            }
        }
        close();
        throw new InfrastructureException("Embedded Kafka broker did not accept connections on 127.0.0.1:" + port
                + " within " + STARTUP_TIMEOUT.toSeconds() + " s. Fix: retry, or set KAFKA_BOOTSTRAP_SERVERS.");
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Shuts the broker down as a crash of its host would look to clients: connections refused. Data is kept. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts the stopped broker again on the same port with the same log directory. */
    public synchronized void restart() {
        if (server != null) {
            return;
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        server.startup();
        awaitListening();
    }

    @Override
    public String displayName() {
        return "Kafka (embedded KRaft) at " + bootstrapServers();
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (RuntimeException e) {
            // Best effort on the way out.
        } finally {
            Directories.deleteRecursively(logDir);
        }
    }

}
