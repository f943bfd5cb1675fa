package com.example.commerce.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL from the binaries that io.zonky.test ships inside Maven jars: a real server process, its data in a
 * fresh temporary directory that is removed on close. For crash tests it can be killed ({@link #kill()}) and
 * started again on the same data directory and port ({@link #restart()}).
 */
public final class EmbeddedPostgresServer implements EmbeddedServer {

    static final String DATABASE = "commerce";
    public static final String USERNAME = "postgres";
    public static final String PASSWORD = "postgres";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** postmaster.opts: the program, then every argument in double quotes (PostgreSQL's own restart record). */
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
    /**
     * Opt-in, for the change-data-capture benchmark (bench/relay-vs-debezium.sh) only: {@code wal_level=logical} and
     * room for replication slots. An environment variable, so that it reaches the test-resources server that Maven
     * starts; the tests and the local run keep the default {@code replica} level.
     */
    static final String LOGICAL_REPLICATION = "COMMERCE_POSTGRES_LOGICAL_REPLICATION";
    /**
     * Opt-in, for benchmarks that count statements (bench/saga.sh with {@code BENCH_STATEMENTS=true}): the
     * {@code pg_stat_statements} library preloaded. An environment variable for the same reason as the one above.
     */
    static final String STATEMENT_STATISTICS = "COMMERCE_POSTGRES_STATEMENT_STATISTICS";
    /**
     * Opt-in, for benchmarks that look for slow statements (bench/saga.sh with {@code BENCH_SLOW_PLANS_MS}): every
     * statement slower than this many milliseconds has its plan, with its actual rows and buffers, in the server's
     * log (the {@code auto_explain} library), whose files go to the directory {@value #LOG_DIRECTORY} names (default:
     * {@code commerce-postgres-log} in the temporary directory), outside the data directory, which is removed on
     * close.
     */
    static final String SLOW_PLANS_MS = "COMMERCE_POSTGRES_SLOW_PLANS_MS";
    static final String LOG_DIRECTORY = "COMMERCE_POSTGRES_LOG_DIRECTORY";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /** For tests and the local run: commits are acknowledged before their WAL is written (fast, not crash-safe). */
    public static EmbeddedPostgresServer start() {
        return start(false);
    }

    /**
     * For crash tests: every acknowledged commit has been written to the operating system, so it survives a
     * SIGKILL of the server (not of the machine: fsync stays off).
     */
    public static EmbeddedPostgresServer startCrashSafe() {
        return start(true);
    }

    private static EmbeddedPostgresServer start(boolean crashSafe) {
        EmbeddedPostgres postgres;
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("commerce-pg-");
            var builder = EmbeddedPostgres.builder();
            var preloaded = new ArrayList<String>();
            if (Boolean.parseBoolean(System.getenv(STATEMENT_STATISTICS))) {
                preloaded.add("pg_stat_statements");
            }
            String slowPlans = System.getenv(SLOW_PLANS_MS);
            if (slowPlans != null && !slowPlans.isBlank()) {
                preloaded.add("auto_explain");
                builder.setServerConfig("auto_explain.log_min_duration", String.valueOf(Integer.parseInt(slowPlans)))
                        .setServerConfig("auto_explain.log_analyze", "on")
                        .setServerConfig("auto_explain.log_timing", "off")
                        .setServerConfig("auto_explain.log_buffers", "on")
                        .setServerConfig("logging_collector", "on")
                        .setServerConfig("log_directory", Optional.ofNullable(System.getenv(LOG_DIRECTORY))
                                .orElse(Path.of(System.getProperty("java.io.tmpdir"), "commerce-postgres-log")
                                        .toString()));
            }
            if (!preloaded.isEmpty()) {
                builder.setServerConfig("shared_preload_libraries", String.join(",", preloaded));
            }
            if (Boolean.parseBoolean(System.getenv(LOGICAL_REPLICATION))) {
                builder.setServerConfig("wal_level", "logical")
                        .setServerConfig("max_replication_slots", "4")
                        .setServerConfig("max_wal_senders", "4");
            }
            postgres = builder
                    .setPort(LoopbackPorts.free())
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setPGStartupWait(STARTUP_TIMEOUT)
                    // The local run and the test suite open several pools at once (one per function).
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off")
                    // Off, an acknowledged commit may still sit in shared memory that a killed server loses.
                    .setServerConfig("synchronous_commit", crashSafe ? "on" : "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new InfrastructureException("""
                    Embedded PostgreSQL did not start: %s
                    Fix: make sure the temporary directory (%s) is writable and not full, or use an external server by \
                    setting DATASOURCES_DEFAULT_URL, DATASOURCES_DEFAULT_USERNAME and DATASOURCES_DEFAULT_PASSWORD."""
                    .formatted(Waiting.rootMessage(e), System.getProperty("java.io.tmpdir")), e);
        }
        var server = new EmbeddedPostgresServer(postgres, dataDirectory);
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

    /**
     * SIGKILL of the postmaster, as a crash would end it: no shutdown checkpoint. Its backends notice the
     * postmaster's death and exit by themselves; the data directory is left as the crash left it.
     */
    public synchronized void kill() {
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            throw new InfrastructureException("No running PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
        }
        ProcessHandle.of(pid).ifPresent(postmaster -> {
            postmaster.destroyForcibly();
            try {
                postmaster.onExit().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("Interrupted while killing PostgreSQL", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new InfrastructureException("PostgreSQL (pid " + pid + ") did not die", e);
            }
        });
    }

    /**
     * Starts the postmaster again with the arguments of its last start, on the same data directory and port, and
     * waits until it accepts connections (after crash recovery). Until the old backends have exited, a new
     * postmaster refuses to start; it is tried again until the time-out.
     */
    public synchronized void restart() {
        List<String> command = lastCommand();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Process postmaster;
            try {
                postmaster = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDirectory.resolve("restart.log").toFile()))
                        .start();
            } catch (IOException e) {
                throw new InfrastructureException("PostgreSQL could not be restarted: " + e.getMessage(), e);
            }
            while (postmaster.isAlive() && System.nanoTime() < deadline) {
                try (var connection = DriverManager.getConnection(jdbcUrl(), USERNAME, PASSWORD)) {
                    return;
                } catch (SQLException notYet) {
                    Waiting.pause(100, "PostgreSQL");
                }
            }
            Waiting.pause(500, "PostgreSQL");
        }
        throw new InfrastructureException("PostgreSQL did not accept connections within " + STARTUP_TIMEOUT.toSeconds()
                + " s of its restart; see " + dataDirectory.resolve("restart.log"));
    }

    private List<String> lastCommand() {
        String opts;
        try {
            opts = Files.readString(dataDirectory.resolve("postmaster.opts")).trim();
        } catch (IOException e) {
            throw new InfrastructureException("PostgreSQL never started in " + dataDirectory, e);
        }
        int firstQuote = opts.indexOf('"');
        var command = new ArrayList<String>();
        if ("root".equals(System.getProperty("user.name"))) {
            // PostgreSQL refuses to run as root; io.zonky starts it in a user namespace, and so does this.
            command.addAll(List.of("unshare", "-U"));
        }
        command.add((firstQuote < 0 ? opts : opts.substring(0, firstQuote)).trim());
        Matcher argument = QUOTED.matcher(opts);
        while (argument.find()) {
            command.add(argument.group(1));
        }
        return command;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    @Override
    public String displayName() {
        return "PostgreSQL (embedded) at " + jdbcUrl();
    }

    /** Stops whichever postmaster runs on the data directory (the first or a restarted one) and removes it. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // Best effort: the data directory lives under the temporary directory anyway.
        }
    }
}
