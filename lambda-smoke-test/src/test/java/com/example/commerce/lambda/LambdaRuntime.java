package com.example.commerce.lambda;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipInputStream;

/**
 * Runs a Lambda jar the way the AWS Java runtime does: AWS's runtime interface client ({@link AWSLambda}) in a
 * fresh JVM, loading the handler named in template.yaml from the jar's contents unpacked as the task root, and
 * talking to a stand-in of the Lambda Runtime API on loopback. The stand-in hands out one event and records what
 * the function answers.
 */
final class LambdaRuntime {

    private static final String API = "/2018-06-01/runtime/";

    /** What one cold invocation produced. Times are from the start of the JVM. */
    record Invocation(Outcome outcome, String body, Duration initialized, Duration answered,
                      Duration effectSeen, String log) {

        enum Outcome { RESPONSE, ERROR, INIT_ERROR, TIMED_OUT }

        @Override
        public String toString() {
            return outcome + " after " + answered.toMillis() + " ms: " + body + "\n--- function log ---\n" + log;
        }
    }

    /** Something the function does, checked from outside. */
    interface Effect {
        boolean holds() throws Exception;
    }

    private LambdaRuntime() {
    }

    /**
     * Starts the function in a new JVM (heap as on Lambda with {@code memoryMb}), invokes it once with {@code event}
     * and stops it. {@code deadline} is the invocation's time budget, as the function sees it.
     */
    static Invocation invokeCold(SamTemplate.LambdaFunction function, Map<String, String> environment, String event,
                                 int memoryMb, Duration deadline) throws Exception {
        return invokeCold(function, environment, event, memoryMb, deadline, () -> false);
    }

    /**
     * As {@link #invokeCold(SamTemplate.LambdaFunction, Map, String, int, Duration)}, and also times when
     * {@code effect} (polled every 5 ms from the start) first holds: for a function whose work is done before it
     * answers, such as the relay that publishes, then drains until its deadline.
     */
    static Invocation invokeCold(SamTemplate.LambdaFunction function, Map<String, String> environment, String event,
                                 int memoryMb, Duration deadline, Effect effect) throws Exception {
        Path taskRoot = unpacked(function.jar());
        var answer = new CompletableFuture<Invocation.Outcome>();
        var body = new StringBuilder();
        var initialized = new AtomicLong();
        var handedOut = new AtomicBoolean();
        var stopped = new CountDownLatch(1);
        ExecutorService threads = Executors.newCachedThreadPool();
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.setExecutor(threads);
        api.createContext(API, exchange -> {
            String path = exchange.getRequestURI().getPath().substring(API.length());
            String request = read(exchange.getRequestBody());
            if (path.equals("invocation/next")) {
                if (handedOut.compareAndSet(false, true)) {
                    initialized.set(System.nanoTime());
                    sendEvent(exchange, event, deadline, function.logicalId());
                } else {
                    await(stopped); // one event per JVM; the process is stopped while it waits for a second
                    respond(exchange, 410, "");
                }
                return;
            }
            synchronized (body) {
                body.append(request);
            }
            respond(exchange, 202, "");
            if (path.equals("init/error")) {
                answer.complete(Invocation.Outcome.INIT_ERROR);
            } else if (path.endsWith("/error")) {
                answer.complete(Invocation.Outcome.ERROR);
            } else if (path.endsWith("/response")) {
                answer.complete(Invocation.Outcome.RESPONSE);
            }
        });
        api.start();
        Path log = Files.createTempFile("lambda-" + function.logicalId(), ".log");
        Process process = null;
        try {
            var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // The flags of AWS's java17 runtime, with the heap of a function of memoryMb.
                    "-XX:+UseSerialGC", "-Xshare:auto", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                    "-Xmx" + (memoryMb * 85 / 100) + "m", "-Djava.net.preferIPv4Stack=true",
                    // Each JVM its own copy of the client's native library (the default path is shared).
                    "-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI="
                            + nativeLibrary(),
                    "-cp", runtimeClientClasspath()));
            // More flags for a look inside, e.g. -Dlambda.jvm-options=-XX:StartFlightRecording=filename=x.jfr
            String extra = System.getProperty("lambda.jvm-options", "").strip();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            command.addAll(List.of(AWSLambda.class.getName(), function.handler()));
            var builder = new ProcessBuilder(command).directory(taskRoot.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("MICRONAUT_")
                    || name.startsWith("DATASOURCES_") || name.startsWith("KAFKA_") || name.startsWith("JAVA_TOOL")
                    || name.startsWith("COMMERCE_") || name.startsWith("AWS_"));
            builder.environment().putAll(environment);
            builder.environment().putAll(Map.of(
                    "AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + api.getAddress().getPort(),
                    "AWS_LAMBDA_FUNCTION_NAME", function.logicalId(),
                    "AWS_LAMBDA_FUNCTION_VERSION", "1",
                    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(memoryMb),
                    "AWS_REGION", "eu-west-1",
                    // The role's temporary credentials, which the runtime provides and Secrets Manager calls sign with.
                    "AWS_ACCESS_KEY_ID", "AKIDLAMBDASMOKETEST",
                    "AWS_SECRET_ACCESS_KEY", "lambda-smoke-test-secret-access-key",
                    "AWS_SESSION_TOKEN", "lambda-smoke-test-session-token",
                    "LAMBDA_TASK_ROOT", taskRoot.toString(),
                    "_HANDLER", function.handler()));
            long started = System.nanoTime();
            process = builder.start();
            var effectSeen = new AtomicLong();
            threads.submit(() -> {
                while (effectSeen.get() == 0 && !answer.isDone()) {
                    if (effect.holds()) {
                        effectSeen.set(System.nanoTime());
                    }
                    Thread.sleep(5);
                }
                return null;
            });
            Invocation.Outcome outcome;
            try {
                outcome = answer.get(deadline.toMillis() + 60_000, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                outcome = Invocation.Outcome.TIMED_OUT;
            }
            long answered = System.nanoTime();
            long init = initialized.get() == 0 ? answered : initialized.get();
            stop(process);
            synchronized (body) {
                return new Invocation(outcome, body.toString(), Duration.ofNanos(init - started),
                        Duration.ofNanos(answered - started),
                        effectSeen.get() == 0 ? null : Duration.ofNanos(effectSeen.get() - started),
                        Files.readString(log));
            }
        } finally {
            if (process != null && process.isAlive()) {
                stop(process);
            }
            stopped.countDown();
            api.stop(0);
            threads.shutdownNow();
            Files.deleteIfExists(log);
        }
    }

    private static void sendEvent(HttpExchange exchange, String event, Duration deadline, String function)
            throws IOException {
        var headers = exchange.getResponseHeaders();
        // All six, non-empty: the client's native code does not cope with a missing one.
        headers.add("Content-Type", "application/json");
        headers.add("Lambda-Runtime-Aws-Request-Id", UUID.randomUUID().toString());
        headers.add("Lambda-Runtime-Deadline-Ms", String.valueOf(System.currentTimeMillis() + deadline.toMillis()));
        headers.add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:eu-west-1:123456789012:function:" + function + ":live");
        headers.add("Lambda-Runtime-Trace-Id", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
        headers.add("Lambda-Runtime-Client-Context", "{}");
        headers.add("Lambda-Runtime-Cognito-Identity", "{}");
        respond(exchange, 200, event);
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The runtime interface client and its own dependencies, as the Lambda runtime puts them on the classpath. */
    private static String runtimeClientClasspath() {
        var entries = new ArrayList<String>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("aws-lambda-java-runtime-interface-client") || name.startsWith("aws-lambda-java-core")
                    || name.startsWith("aws-lambda-java-serialization") || name.startsWith("utils-lite")) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Path nativeLibrary() throws IOException {
        Path library = Files.createTempFile("libaws-lambda-jni", ".so");
        library.toFile().deleteOnExit();
        try (InputStream in = AWSLambda.class.getResourceAsStream("/jni/libaws-lambda-jni.linux-x86_64.so")) {
            if (in == null) {
                throw new IllegalStateException("The runtime interface client has no native library for this machine");
            }
            Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
        }
        return library;
    }

    /** The jar's contents as Lambda unpacks a deployment package into the task root; once per jar and build. */
    private static synchronized Path unpacked(Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: the Lambda jars are built by the package phase "
                    + "(./mvnw verify builds them before this test runs)");
        }
        Path root = jar.resolveSibling(jar.getFileName().toString().replace(".jar", "") + "-task-root");
        Path marker = root.resolve(".unpacked-" + Files.getLastModifiedTime(jar).toMillis());
        if (Files.exists(marker)) {
            return root;
        }
        if (Files.exists(root)) {
            try (var files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        Files.createDirectories(root);
        try (var zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new UncheckedIOException(new IOException("Entry outside the jar: " + entry.getName()));
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        Files.createFile(marker);
        return root;
    }
}
