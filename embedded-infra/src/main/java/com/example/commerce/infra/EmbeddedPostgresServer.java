package com.example.commerce.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;

/**
 * PostgreSQL from the binaries that io.zonky.test ships inside Maven jars: a real server process, its data in a
 * fresh temporary directory that is removed on close.
 */
public final class EmbeddedPostgresServer implements EmbeddedServer {

    static final String DATABASE = "commerce";
    public static final String USERNAME = "postgres";
    public static final String PASSWORD = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start() {
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(LoopbackPorts.free())
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // The local run and the test suite open several pools at once (one per function).
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new InfrastructureException("""
                    Embedded PostgreSQL did not start: %s
                    Fix: make sure the temporary directory (%s) is writable and not full, or use an external server by \
                    setting DATASOURCES_DEFAULT_URL, DATASOURCES_DEFAULT_USERNAME and DATASOURCES_DEFAULT_PASSWORD."""
                    .formatted(Waiting.rootMessage(e), System.getProperty("java.io.tmpdir")), e);
        }
        var server = new EmbeddedPostgresServer(postgres);
        server.createDatabase();
        return server;
    }

    private void createDatabase() {
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            close();
            throw new InfrastructureException("Embedded PostgreSQL started but database '" + DATABASE
                    + "' could not be created: " + e.getMessage(), e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    @Override
    public String displayName() {
        return "PostgreSQL (embedded) at " + jdbcUrl();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // Best effort: the data directory lives under the temporary directory anyway.
        }
    }
}
