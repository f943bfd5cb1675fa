package com.example.commerce.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A real Elasticsearch 8 server: the integ-test distribution from Maven Central, unpacked once into a shared cache
 * directory and run as a child process with a per-run config, data and log directory. Elasticsearch refuses to run
 * as root, so under root it runs as the unprivileged uid 65534 through {@code setpriv}.
 *
 * <p>Public for the reliability harness, which {@link #stop()}s and {@link #restart()}s it (same port, same data)
 * while the functions keep running.
 */
public final class EmbeddedElasticsearch implements EmbeddedServer {

    /** Generous: on 2 cores shared with other builds, a restart under load took over 2 minutes. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
    private static final String NOBODY = "65534";

    private final Path home;
    private final Path workDir;
    private final int httpPort;
    private final int transportPort;
    private Process process;

    private EmbeddedElasticsearch(Process process, Path home, Path workDir, int httpPort, int transportPort) {
        this.process = process;
        this.home = home;
        this.workDir = workDir;
        this.httpPort = httpPort;
        this.transportPort = transportPort;
    }

    public static EmbeddedElasticsearch start() {
        Distribution distribution = Distribution.fromBuild();
        Path home = distribution.withPlugin(distribution.unpacked(), AnalysisNoriPlugin.fromClasspath());
        Path workDir;
        try {
            workDir = prepareWorkDir(home);
        } catch (IOException e) {
            throw new InfrastructureException("Embedded Elasticsearch: cannot prepare a work directory under "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
        int httpPort = LoopbackPorts.free();
        int transportPort = LoopbackPorts.free();
        Process process;
        try {
            process = launch(home, workDir, httpPort, transportPort);
        } catch (IOException e) {
            Directories.deleteRecursively(workDir);
            throw new InfrastructureException("Embedded Elasticsearch could not be launched from " + home + ": "
                    + e.getMessage() + "\nFix: run as a user that may execute files there, or set "
                    + "ELASTICSEARCH_HTTP_HOSTS to an external cluster.", e);
        }
        var server = new EmbeddedElasticsearch(process, home, workDir, httpPort, transportPort);
        server.awaitHealthy(consoleLog(workDir));
        return server;
    }

    private static Process launch(Path home, Path workDir, int httpPort, int transportPort) throws IOException {
        var builder = new ProcessBuilder(command(home, workDir, httpPort, transportPort))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog(workDir).toFile()));
        environment(builder, workDir);
        return builder.start();
    }

    private static Path consoleLog(Path workDir) {
        return workDir.resolve("logs/console.log");
    }

    /** Stops the server as an operator would (SIGTERM to the process tree); its data is kept. */
    public synchronized void stop() {
        terminate(process);
    }

    /** Starts the stopped server again on the same ports with the same data, and waits until it is healthy. */
    public synchronized void restart() {
        if (process.isAlive()) {
            return;
        }
        try {
            process = launch(home, workDir, httpPort, transportPort);
        } catch (IOException e) {
            throw new InfrastructureException("Embedded Elasticsearch could not be relaunched: " + e.getMessage(), e);
        }
        awaitHealthy(consoleLog(workDir));
    }

    private static List<String> command(Path home, Path workDir, int httpPort, int transportPort) {
        var command = new ArrayList<String>();
        if (runningAsRoot()) {
            command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        command.add(home.resolve("bin/elasticsearch").toString());
        command.addAll(List.of(
                "-Ecluster.name=commerce-embedded",
                "-Enode.name=embedded",
                "-Ediscovery.type=single-node",
                "-Enetwork.host=127.0.0.1",
                "-Ehttp.port=" + httpPort,
                "-Etransport.port=" + transportPort,
                "-Epath.data=" + workDir.resolve("data"),
                "-Epath.logs=" + workDir.resolve("logs"),
                "-Expack.security.enabled=false",
                "-Ecluster.routing.allocation.disk.threshold_enabled=false"));
        return command;
    }

    private static void environment(ProcessBuilder builder, Path workDir) {
        var env = builder.environment();
        env.put("ES_JAVA_HOME", System.getProperty("java.home"));
        env.put("ES_PATH_CONF", workDir.resolve("config").toString());
        env.put("ES_TMPDIR", workDir.resolve("tmp").toString());
        // 1 GB, not less: with 256 MB (Elasticsearch's 4 MB regions, 30% occupancy threshold) the old generation sat
        // at the threshold after a bulk load, and G1 ran a marking cycle with a 15-20 ms remark every few hundred
        // milliseconds, on one of the machine's two cores (BENCHMARKS.md, "The embedded Elasticsearch's heap").
        env.put("ES_JAVA_OPTS", System.getProperty("commerce.infra.elasticsearch.java-opts", "-Xms1g -Xmx1g"));
        env.remove("JAVA_TOOL_OPTIONS");
    }

    private static Path prepareWorkDir(Path home) throws IOException {
        Path workDir = Files.createTempDirectory("commerce-es-");
        for (String dir : List.of("config", "data", "logs", "tmp")) {
            Files.createDirectories(workDir.resolve(dir));
        }
        try (Stream<Path> files = Files.walk(home.resolve("config"))) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = workDir.resolve("config").resolve(home.resolve("config").relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (runningAsRoot()) {
            chownToNobody(workDir);
        }
        return workDir;
    }

    private static void chownToNobody(Path dir) throws IOException {
        try {
            int exit = new ProcessBuilder("chown", "-R", NOBODY + ":" + NOBODY, dir.toString())
                    .inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IOException("chown exited with " + exit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while changing owner of " + dir, e);
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void awaitHealthy(Path consoleLog) {
        var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        var request = HttpRequest.newBuilder(URI.create(httpUrl() + "/_cluster/health?wait_for_status=yellow&timeout=2s"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String tail = tail(consoleLog);
                close();
                throw new InfrastructureException("""
                        Embedded Elasticsearch exited with code %d during start-up. Last lines of its console:
                        %s
                        Fix: see the message above, or set ELASTICSEARCH_HTTP_HOSTS to an external cluster."""
                        .formatted(process.exitValue(), tail));
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new InfrastructureException("Interrupted while waiting for embedded Elasticsearch", e);
            }
            Waiting.pause(250, "embedded Elasticsearch");
        }
        String tail = tail(consoleLog);
        close();
        throw new InfrastructureException("""
                Embedded Elasticsearch was not healthy within %d s. Last lines of its console:
                %s
                Fix: check free memory and disk, or set ELASTICSEARCH_HTTP_HOSTS to an external cluster."""
                .formatted(STARTUP_TIMEOUT.toSeconds(), tail));
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    @Override
    public String displayName() {
        return "Elasticsearch (embedded) at " + httpUrl();
    }

    /**
     * The launcher script starts a CLI JVM, which starts the server JVM: stop the whole tree, politely first.
     */
    @Override
    public void close() {
        terminate(process);
        Directories.deleteRecursively(workDir);
    }

    private static void terminate(Process process) {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + SHUTDOWN_TIMEOUT.toNanos();
        for (ProcessHandle handle : tree) {
            long remaining = deadline - System.nanoTime();
            try {
                handle.onExit().get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
            } catch (Exception stillRunning) {
                handle.destroyForcibly();
            }
        }
    }

    private static String tail(Path log) {
        try (Stream<String> lines = Files.lines(log)) {
            List<String> all = lines.toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - 25), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no console output: " + e.getMessage() + ")";
        }
    }


    /** The distribution zip that Maven downloaded for this build, and its unpacked copy. */
    record Distribution(String version, Path zip) {

        static Distribution fromBuild() {
            var properties = new Properties();
            try (InputStream in = EmbeddedElasticsearch.class.getResourceAsStream("/embedded-infra.properties")) {
                if (in == null) {
                    throw new InfrastructureException("embedded-infra.properties is missing from the classpath");
                }
                properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String zip = System.getProperty("commerce.infra.elasticsearch.distribution",
                    properties.getProperty("elasticsearch.distribution"));
            return new Distribution(properties.getProperty("elasticsearch.version"), Path.of(zip));
        }

        /** Unpacks at most once per version; concurrent callers see either nothing or a complete copy. */
        Path unpacked() {
            Path cache = Path.of(System.getProperty("java.io.tmpdir"), "commerce-embedded");
            Path home = cache.resolve("elasticsearch-" + version);
            if (Files.exists(home.resolve(".complete"))) {
                return home;
            }
            if (!Files.isRegularFile(zip)) {
                throw new InfrastructureException("""
                        The Elasticsearch %s distribution is not in the local Maven repository (%s).
                        Fix: run ./mvnw -pl embedded-infra install (Maven downloads it), or set ELASTICSEARCH_HTTP_HOSTS \
                        to an external cluster.""".formatted(version, zip));
            }
            try {
                Files.createDirectories(cache);
                Path staging = Files.createTempDirectory(cache, "unpacking-");
                unzip(zip, staging);
                Path root = staging.resolve("elasticsearch-" + version);
                Files.writeString(root.resolve(".complete"), version);
                try {
                    Files.move(root, home, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException alreadyThere) {
                    // Another process finished first; its copy is as good as ours.
                }
                Directories.deleteRecursively(staging);
                return home;
            } catch (ZipException e) {
                throw new InfrastructureException("The Elasticsearch distribution " + zip + " is damaged ("
                        + e.getMessage() + ").\nFix: delete it; the next ./mvnw run downloads it again.", e);
            } catch (IOException e) {
                throw new InfrastructureException("Could not unpack Elasticsearch from " + zip + " into " + cache
                        + ": " + e.getMessage() + "\nFix: free disk space in " + cache.getParent() + ".", e);
            }
        }

        /**
         * The unpacked home with the analysis-nori plugin in its {@code plugins/} directory (Elasticsearch reads
         * plugins from its home only): a copy made of hard links, so no second distribution on disk, made once per
         * build of the plugin; the plain unpacked home stays as it is for anyone else using it.
         */
        Path withPlugin(Path home, AnalysisNoriPlugin plugin) {
            Path withPlugin = home.resolveSibling(home.getFileName() + "+" + AnalysisNoriPlugin.NAME + "-"
                    + plugin.fingerprint());
            if (Files.exists(withPlugin.resolve(".complete"))) {
                return withPlugin;
            }
            try {
                Path staging = Files.createTempDirectory(home.getParent(), "installing-");
                Path root = staging.resolve("home");
                linkTree(home, root);
                plugin.installInto(root.resolve("plugins"));
                Files.writeString(root.resolve(".complete"), version);
                try {
                    Files.move(root, withPlugin, StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException alreadyThere) {
                    // Another process finished first; its copy is as good as ours.
                }
                Directories.deleteRecursively(staging);
                return withPlugin;
            } catch (IOException e) {
                throw new InfrastructureException("Could not install the analysis-nori plugin into a copy of " + home
                        + ": " + e.getMessage() + "\nFix: free disk space in " + home.getParent() + ".", e);
            }
        }

        private static void linkTree(Path source, Path target) throws IOException {
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path copy = target.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(copy);
                    } else if (!file.getFileName().toString().equals(".complete")) {
                        try {
                            Files.createLink(copy, file);
                        } catch (IOException | UnsupportedOperationException noLinks) {
                            Files.copy(file, copy, StandardCopyOption.COPY_ATTRIBUTES);
                        }
                    }
                }
            }
        }

        private static void unzip(Path zip, Path target) throws IOException {
            try (var file = new ZipFile(zip.toFile())) {
                var entries = file.entries();
                while (entries.hasMoreElements()) {
                    var entry = entries.nextElement();
                    Path out = target.resolve(entry.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException("zip entry outside the target directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                        continue;
                    }
                    Files.createDirectories(out.getParent());
                    try (InputStream in = file.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                    // java.util.zip drops Unix modes; everything under a bin/ directory is meant to be executable.
                    String mode = out.getParent().getFileName().toString().equals("bin") ? "rwxr-xr-x" : "rw-r--r--";
                    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString(mode));
                }
            }
        }
    }
}
