package com.example.commerce.testsupport.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A command-line load generator for one HTTP request, used by {@code bench/order-api.sh}:
 * <ul>
 *   <li>{@code open RATE SECONDS}: the request at RATE/s open-loop ({@link OpenLoop}), each latency from the instant
 *       it was due into {@link Latencies}, printed beside the p99 ceiling;</li>
 *   <li>{@code closed CLIENTS SECONDS}: CLIENTS clients sending back to back, for the maximum throughput only (a
 *       closed loop's latencies are not reported: they hide queueing).</li>
 * </ul>
 * Arguments: {@code MODE N SECONDS URL METHOD EXPECTED_STATUS P99_CEILING_MS [BODY] [HEADER: VALUE]...}; a URL of
 * the form {@code @FILE} names a file of URLs, one per line, and request i asks line {@code i % lines} (a different
 * query each time). With the system property {@code httpload.warmup-seconds} (default 0), the open mode first sends
 * the same requests at the same rate for that long, unrecorded: a client started in a fresh JVM is otherwise still
 * loading and compiling its own code while the first due instants pass, and its start-up shows as the server's
 * latency. Prints one line starting with {@code LOAD}; exits 1 if any answer had another status.
 */
public final class HttpLoad {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<HttpRequest> requests;
    private final int expected;
    private final Map<String, AtomicLong> unexpected = new ConcurrentHashMap<>();

    private HttpLoad(List<HttpRequest> requests, int expected) {
        this.requests = requests;
        this.expected = expected;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: HttpLoad open|closed RATE|CLIENTS SECONDS URL METHOD EXPECTED_STATUS "
                    + "P99_CEILING_MS [BODY] [HEADER: VALUE]...");
            System.exit(2);
        }
        String mode = args[0];
        int n = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        List<String> urls = args[3].startsWith("@")
                ? Files.readAllLines(Path.of(args[3].substring(1))).stream().filter(line -> !line.isBlank()).toList()
                : List.of(args[3]);
        String body = args.length > 7 ? args[7] : "";
        var requests = new ArrayList<HttpRequest>();
        for (String url : urls) {
            var builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).method(args[4],
                    body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (!body.isEmpty()) {
                builder.header("content-type", "application/json");
            }
            for (int i = 8; i < args.length; i++) {
                int colon = args[i].indexOf(':');
                builder.header(args[i].substring(0, colon).trim(), args[i].substring(colon + 1).trim());
            }
            requests.add(builder.build());
        }
        var load = new HttpLoad(List.copyOf(requests), Integer.parseInt(args[5]));
        double ceiling = Double.parseDouble(args[6]);
        String line = switch (mode) {
            case "open" -> load.open(n, seconds, ceiling);
            case "closed" -> load.closed(n, seconds);
            default -> throw new IllegalArgumentException("mode: open or closed, not " + mode);
        };
        System.out.println("LOAD " + line);
        System.exit(load.unexpected.isEmpty() ? 0 : 1);
    }

    private String open(int rate, int seconds, double ceilingMillis) {
        int warmUpSeconds = Integer.getInteger("httpload.warmup-seconds", 0);
        if (warmUpSeconds > 0) {
            OpenLoop.run(rate, rate * warmUpSeconds, Duration.ofSeconds(60), (index, due) ->
                    http.sendAsync(requests.get(index % requests.size()), HttpResponse.BodyHandlers.discarding()));
        }
        var latencies = new Latencies(rate + " req/s open-loop, " + seconds + " s");
        var schedule = OpenLoop.run(rate, rate * seconds, Duration.ofSeconds(60), (index, due) ->
                http.sendAsync(requests.get(index % requests.size()), HttpResponse.BodyHandlers.discarding())
                        .whenComplete((response, error) -> {
                            latencies.recordSince(due);
                            count(response, error);
                        }));
        return latencies.summary(ceilingMillis) + String.format(Locale.ROOT,
                ", sender's latest start %.1f ms after due, unexpected answers %s",
                schedule.latestStart().toNanos() / 1e6, unexpected());
    }

    private String closed(int clients, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        var done = new AtomicLong();
        List<CompletableFuture<Void>> loops = new ArrayList<>();
        var clientThreads = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            loops.add(CompletableFuture.runAsync(() -> {
                while (System.nanoTime() < end) {
                    HttpResponse<Void> response = null;
                    Throwable error = null;
                    try {
                        response = http.send(requests.get((int) (done.get() % requests.size())),
                                HttpResponse.BodyHandlers.discarding());
                    } catch (Exception e) {
                        error = e;
                    }
                    count(response, error);
                    done.incrementAndGet();
                }
            }, clientThreads));
        }
        CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get();
        clientThreads.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "%d clients closed-loop, %d s: %.1f req/s (throughput only), "
                + "unexpected answers %s", clients, seconds, done.get() / elapsed, unexpected());
    }

    private void count(HttpResponse<?> response, Throwable error) {
        String outcome = error != null ? error.getClass().getSimpleName()
                : response.statusCode() == expected ? null : String.valueOf(response.statusCode());
        if (outcome != null) {
            unexpected.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
        }
    }

    private String unexpected() {
        return unexpected.isEmpty() ? "none" : new TreeMap<>(unexpected).toString();
    }
}
