package com.example.commerce.reliability;

import com.example.commerce.testsupport.load.ProgressReporter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The fault-injection run ({@code bench/fault-injection.sh}): order and message traffic at a constant rate while the Kafka
 * broker is killed and restarted, PostgreSQL is killed and restarted, the relay and the notification consumer are
 * killed and restarted, Elasticsearch is stopped for a while and the Kafka broker is frozen; then the pipeline
 * drains and {@link Verification} checks that nothing was lost or duplicated. Prints a report and exits non-zero
 * if any check failed.
 *
 * <p>Settings (environment): {@code HARNESS_RATE} requests/s (200), {@code HARNESS_DURATION} seconds (300),
 * {@code HARNESS_KAFKA_DOWN}, {@code HARNESS_DB_DOWN}, {@code HARNESS_ES_DOWN} and {@code HARNESS_KAFKA_FROZEN}
 * seconds (20, 20, 30, 20), {@code HARNESS_USERS} (100),
 * {@code HARNESS_PRODUCTS} (100), {@code HARNESS_WARMUP} seconds (120), {@code HARNESS_FAULTS} ({@code false}: a
 * baseline run without faults), {@code HARNESS_SEED},
 * {@code HARNESS_WORK_DIR} (reliability/target/fault-injection).
 */
public final class FaultInjectionRun {

    /** One injected fault and what the monitor saw afterwards. */
    record Fault(String name, Instant injected, Instant cleared, Duration recovery) {
    }

    /** The run's verdict: what failed, nothing if it passed. */
    record Outcome(List<String> problems) {
        boolean passed() {
            return problems.isEmpty();
        }
    }

    /** How long each fault that takes a part away lasts. */
    record Outages(Duration kafkaDown, Duration databaseDown, Duration elasticsearchDown, Duration kafkaFrozen) {
    }

    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(5);
    private static final int FAULTS = 6;
    private static final int SETTLE_ROUNDS = 5;

    private FaultInjectionRun() {
    }

    public static void main(String[] args) throws Exception {
        int rate = setting("HARNESS_RATE", 200);
        Duration duration = Duration.ofSeconds(setting("HARNESS_DURATION", 300));
        var outages = new Outages(Duration.ofSeconds(setting("HARNESS_KAFKA_DOWN", 20)),
                Duration.ofSeconds(setting("HARNESS_DB_DOWN", 20)), Duration.ofSeconds(setting("HARNESS_ES_DOWN", 30)),
                Duration.ofSeconds(setting("HARNESS_KAFKA_FROZEN", 20)));
        long seed = setting("HARNESS_SEED", 20261121);
        Path workDir = Path.of(System.getenv().getOrDefault("HARNESS_WORK_DIR", "reliability/target/fault-injection"));
        // The harness's own Kafka clients complain about every refused connection while the broker is down.
        ((Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.ERROR);
        Outcome outcome;
        try (var stack = start(workDir)) {
            outcome = run(stack, rate, Duration.ofSeconds(setting("HARNESS_WARMUP", 120)), duration, outages, seed, setting("HARNESS_USERS", 100), setting("HARNESS_PRODUCTS", 100));
        }
        System.exit(outcome.passed() ? 0 : 1);
    }

    private static LocalStack start(Path workDir) {
        log("starting PostgreSQL, Elasticsearch, Kafka and the functions (logs in " + workDir.toAbsolutePath() + ")");
        return new LocalStack(workDir);
    }

    static Outcome run(LocalStack stack, int rate, Duration warmUp, Duration duration, Outages outages, long seed,
                       int users, int products) throws Exception {
        var traffic = new Traffic(stack.apiUrl(), seed);
        traffic.setUp(users, products);
        log("set up " + users + " users and " + products + " products; warm-up " + warmUp.toSeconds() + " s");
        // Freshly started JVMs answer slowly while they compile the hot paths; the measured run should not pay for
        // that. The warm-up's orders are verified like all others; its timings are left out of the report.
        traffic.run(rate, warmUp);
        traffic.resetStatistics();
        log("traffic " + rate + " requests/s for " + duration.toSeconds() + " s");
        var monitor = new PipelineMonitor(stack);
        monitor.startSampling();
        var progress = ProgressReporter.start("fault-injection", () -> {
            long[] requests = traffic.sentAndAccepted();
            return new ProgressReporter.Figures(requests[0], requests[1], monitor.lastBacklog(), monitor.lastLag());
        });
        // A thread per fault: each waits through its outage and recovery, and must not hold up the next fault.
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(FAULTS);
        List<CompletableFuture<Fault>> faults = "false".equals(System.getenv("HARNESS_FAULTS")) ? List.of()
                : scheduleFaults(stack, monitor, scheduler, duration, outages);

        Instant trafficStart = Instant.now();
        traffic.run(rate, duration);
        Duration trafficTime = Duration.between(trafficStart, Instant.now());
        log("traffic done; waiting for the faults' recovery");
        List<Fault> recovered = faults.stream().map(CompletableFuture::join).toList();
        scheduler.shutdown();
        int unsettled = traffic.settleUnanswered();
        // Draining can start compensations again (a paid order whose reservation was refused only now), and
        // finishing them writes events again: both are repeated until neither has anything left to do.
        boolean sagasFinished = false;
        boolean drained = false;
        Duration drainTime = Duration.ZERO;
        for (int round = 1; round <= SETTLE_ROUNDS && !(sagasFinished && drained); round++) {
            log("finishing the sagas (stuck ones retried as an operator would), round " + round);
            sagasFinished = finishSagas(stack, traffic, RECOVERY_TIMEOUT);
            log("draining the pipeline");
            Instant drainStart = Instant.now();
            drained = monitor.awaitDrained(RECOVERY_TIMEOUT);
            drainTime = drainTime.plus(Duration.between(drainStart, Instant.now()));
            sagasFinished = sagasFinished && sagasOpen(stack).isEmpty();
        }
        progress.close();
        monitor.close();
        log("verifying");
        var verification = new Verification(stack, traffic.acceptedOrders(), traffic.initialStock(),
                traffic.acceptedMessages(), traffic.deletedMessages());
        List<Verification.Check> checks = verification.run();

        String report = Report.render(rate, warmUp, duration, trafficStart, trafficTime, traffic, unsettled, monitor,
                recovered, drained, drainTime, checks, verification);
        traffic.close();
        System.out.println(report);
        Files.writeString(stack.workDir().resolve("report.md"), report);
        log("report written to " + stack.workDir().resolve("report.md").toAbsolutePath());
        var problems = new ArrayList<>(Report.problems(traffic, unsettled, drained, checks, recovered));
        if (!sagasFinished) {
            problems.add(0, "sagas still open after " + RECOVERY_TIMEOUT.toMinutes() + " min: " + sagasOpen(stack));
        }
        return new Outcome(problems);
    }

    /**
     * Waits until no saga is compensating or stuck, no payment's outcome is unknown and no unpaid order is left
     * (the local stack's payment time-out is short), retrying stuck sagas: the sandbox gateway declines the first
     * refunds of tok_refund_fail charges, so those sagas park until an operator retries them. Afterwards nothing
     * changes by itself any more, so the checks see one state.
     */
    private static boolean finishSagas(LocalStack stack, Traffic traffic, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            int stuck = traffic.retryStuckSagas();
            String open = sagasOpen(stack);
            if (open.isEmpty()) {
                return true;
            }
            log("still open: " + open + " (" + stuck + " stuck sagas retried)");
            LocalStack.sleep(5_000);
        }
        return false;
    }

    /** What keeps the sagas from being finished, e.g. "2 sagas COMPENSATING, 1 order PENDING"; empty if nothing. */
    private static String sagasOpen(LocalStack stack) throws SQLException {
        var open = new ArrayList<String>();
        try (var connection = stack.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("""
                     SELECT 'sagas ' || status, count(*) FROM order_sagas WHERE status IN ('COMPENSATING', 'STUCK')
                     GROUP BY status
                     UNION ALL SELECT 'payments PENDING', count(*) FROM payments WHERE status = 'PENDING'
                     UNION ALL SELECT 'orders PENDING', count(*) FROM orders WHERE status = 'PENDING'""")) {
            while (rows.next()) {
                if (rows.getLong(2) > 0) {
                    open.add(rows.getLong(2) + " " + rows.getString(1));
                }
            }
        }
        return String.join(", ", open);
    }

    /** The six faults, at fixed fractions of the run, one after the other (a fault's recovery may overlap the next). */
    private static List<CompletableFuture<Fault>> scheduleFaults(LocalStack stack, PipelineMonitor monitor,
                                                                 ScheduledExecutorService scheduler, Duration duration,
                                                                 Outages outages) {
        long seconds = duration.toSeconds();
        return List.of(
                inject(scheduler, monitor, "Kafka broker killed (SIGKILL), restarted after "
                        + outages.kafkaDown().toSeconds() + " s", seconds / 10, () -> {
                            stack.killKafka();
                            LocalStack.sleep(outages.kafkaDown().toMillis());
                            stack.startKafka();
                        }),
                inject(scheduler, monitor, "PostgreSQL killed (SIGKILL of the postmaster), restarted after "
                        + outages.databaseDown().toSeconds() + " s on the same data", seconds * 2 / 10, () -> {
                            stack.killPostgres();
                            LocalStack.sleep(outages.databaseDown().toMillis());
                            stack.startPostgres();
                        }),
                inject(scheduler, monitor, "outbox relay killed (SIGKILL) and restarted", seconds * 3 / 10, () -> {
                    stack.killRelay();
                    stack.startRelay();
                }),
                inject(scheduler, monitor, "notification consumer killed (SIGKILL) and restarted", seconds * 45 / 100,
                        () -> {
                            stack.killNotifications();
                            stack.startNotifications();
                        }),
                inject(scheduler, monitor, "Elasticsearch stopped for " + outages.elasticsearchDown().toSeconds()
                        + " s, then restarted", seconds * 6 / 10, () -> {
                            stack.stopElasticsearch();
                            LocalStack.sleep(outages.elasticsearchDown().toMillis());
                            stack.startElasticsearch();
                        }),
                // A stalled broker keeps its connections open: clients wait out their time-outs instead of
                // failing over at once, the nastier case for the relay's sends and the consumers' sessions.
                inject(scheduler, monitor, "Kafka broker frozen (SIGSTOP) for " + outages.kafkaFrozen().toSeconds()
                        + " s, then SIGCONT", seconds * 8 / 10, () -> {
                            stack.freezeKafka();
                            LocalStack.sleep(outages.kafkaFrozen().toMillis());
                            stack.thawKafka();
                        }));
    }

    private static CompletableFuture<Fault> inject(ScheduledExecutorService scheduler, PipelineMonitor monitor,
                                                   String name, long atSecond, Runnable fault) {
        var result = new CompletableFuture<Fault>();
        scheduler.schedule(() -> {
            try {
                log("fault: " + name);
                Instant injected = Instant.now();
                fault.run();
                Instant cleared = Instant.now();
                log("cleared: " + name);
                Duration recovery = monitor.awaitCaughtUp(cleared, RECOVERY_TIMEOUT);
                log("recovered from '" + name + "' in " + (recovery == null ? "(not within the time-out)"
                        : recovery.toMillis() + " ms"));
                result.complete(new Fault(name, injected, cleared, recovery));
            } catch (RuntimeException e) {
                // Said at once: the run reports only the first failed fault, after the traffic.
                log("failed: " + name + ": " + e);
                result.completeExceptionally(e);
            }
        }, atSecond, TimeUnit.SECONDS);
        return result;
    }

    private static int setting(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    static void log(String message) {
        System.out.printf(Locale.ROOT, "[harness %tT] %s%n", System.currentTimeMillis(), message);
    }
}
