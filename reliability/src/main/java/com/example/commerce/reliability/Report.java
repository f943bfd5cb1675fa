package com.example.commerce.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The run's summary as Markdown: traffic, faults and their recovery, and every check. */
final class Report {

    private Report() {
    }

    static String render(int rate, Duration warmUp, Duration duration, Instant trafficStart,
                         Duration trafficTime,
                         Traffic traffic, int unsettled,
                         PipelineMonitor monitor, List<FaultInjectionRun.Fault> faults, boolean drained,
                         Duration drainTime, List<Verification.Check> checks, Verification verification) {
        var out = new StringBuilder();
        out.append("# Fault-injection run\n\n");
        out.append(String.format(Locale.ROOT, "Traffic: %d requests/s for %d s (took %.1f s) after a warm-up of %d s "
                        + "at the same rate (its orders are verified below too; its timings are not in the tables), "
                        + "%d cores, Java %s.%n%n",
                rate, duration.toSeconds(), trafficTime.toMillis() / 1000.0, warmUp.toSeconds(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        out.append("| requests | sent | accepted | refused (4xx) | 503 (settled afterwards) | other 5xx "
                + "| no answer (settled afterwards) |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Traffic.Kind kind : Traffic.Kind.values()) {
            var c = traffic.counts(kind);
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d |%n", kind.name().toLowerCase(),
                    c.sent.get(), c.accepted.get(), c.rejected.get(), c.unavailable.get(), c.serverErrors.get(),
                    c.noAnswer.get()));
        }
        out.append(String.format(Locale.ROOT, "%nLatency of answered requests: p50 %.1f ms, p99 %.1f ms, max %.1f ms.%n",
                traffic.latencyMillis(50), traffic.latencyMillis(99), traffic.latencyMillis(100)));
        out.append("\nRequests without an answer within 10 s, by second of the run they were sent in: ")
                .append(traffic.unansweredTimeline()).append(".\n");
        out.append("Answers slower than 1 s, by second sent: ").append(traffic.slowTimeline()).append(".\n");
        out.append("\n| fault | injected at (s into the run) | down (injected → cleared: restarted and answering) "
                + "| recovery (cleared → everything written before it published and consumed by every group) |\n"
                + "| --- | ---: | ---: | ---: |\n");
        for (var fault : faults) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.1f s | %s |%n", fault.name(),
                    Duration.between(trafficStart, fault.injected()).toSeconds(),
                    Duration.between(fault.injected(), fault.cleared()).toMillis() / 1000.0,
                    fault.recovery() == null ? "**not recovered**"
                            : String.format(Locale.ROOT, "%.1f s", fault.recovery().toMillis() / 1000.0)));
        }
        out.append("\nRequests sent while each fault lasted (injected → cleared), by answer:\n\n"
                + "| fault | sent | 2xx | 4xx | 503 | other 5xx | no answer | answers over 1 s | slowest answer |\n"
                + "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (var fault : faults) {
            Traffic.Window window = traffic.during(fault.injected(), fault.cleared());
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %d | %d | %d | %.0f ms |%n",
                    fault.name(), window.sent(), window.succeeded(), window.refused(), window.unavailable(),
                    window.otherServerErrors(), window.noAnswer(), window.slowerThanASecond(),
                    window.maxLatencyMillis()));
        }
        out.append("\n| summary | value |\n| --- | ---: |\n");
        long accepted = traffic.acceptedOrders().all().size();
        row(out, "orders accepted (warm-up included)", accepted);
        row(out, "orders lost or with a wrong status", verification.orderProblems());
        row(out, "requests never settled", unsettled);
        row(out, "503 answers (settled afterwards)", Arrays.stream(Traffic.Kind.values())
                .mapToLong(k -> traffic.counts(k).unavailable.get()).sum());
        row(out, "5xx answers other than 503", serverErrors(traffic));
        row(out, "duplicate notifications", verification.duplicateNotifications());
        row(out, "duplicate Kafka deliveries of an event (allowed, absorbed)", verification.duplicateDeliveries());
        row(out, "max outbox backlog (rows)", monitor.maxBacklog());
        for (var group : PipelineMonitor.GROUPS) {
            row(out, "max consumer lag, " + group.id() + " (records)", monitor.maxLag(group.id()));
        }
        out.append(String.format(Locale.ROOT, "| pipeline drained after the traffic | %s |%n",
                drained ? String.format(Locale.ROOT, "yes, in %.1f s", drainTime.toMillis() / 1000.0) : "**no**"));
        out.append("\n| check | checked | wrong | result |\n| --- | ---: | ---: | --- |\n");
        for (var check : checks) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %d | %s |%n", check.name(), check.checked(),
                    check.wrong(), check.passed() ? "pass" : "**FAIL**"));
        }
        for (var check : checks) {
            if (!check.passed()) {
                out.append("\n").append(check.name()).append(", first problems:\n");
                check.examples().forEach(e -> out.append("- ").append(e).append('\n'));
            }
        }
        var failures = traffic.failures();
        if (!failures.isEmpty()) {
            out.append("\nRefused or failed requests (first 20 of ").append(failures.size()).append("):\n");
            failures.stream().limit(20).forEach(f -> out.append("- ").append(f).append('\n'));
        }
        out.append("\nResult: ").append(passed(traffic, unsettled, drained, checks, faults) ? "PASS" : "FAIL")
                .append('\n');
        return out.toString();
    }

    static boolean passed(Traffic traffic, int unsettled, boolean drained, List<Verification.Check> checks,
                          List<FaultInjectionRun.Fault> faults) {
        return problems(traffic, unsettled, drained, checks, faults).isEmpty();
    }

    /** What made the run fail, one line each, short enough for a test's failure message. */
    static List<String> problems(Traffic traffic, int unsettled, boolean drained, List<Verification.Check> checks,
                                 List<FaultInjectionRun.Fault> faults) {
        var problems = new ArrayList<String>();
        if (serverErrors(traffic) > 0) {
            problems.add(serverErrors(traffic) + " answers were 5xx other than 503");
        }
        for (Traffic.Kind kind : Traffic.Kind.values()) {
            long refused = traffic.counts(kind).rejected.get();
            if (refused > 0) {
                problems.add(refused + " " + kind.name().toLowerCase() + " requests refused (4xx); first: "
                        + traffic.failures().stream().limit(3).toList());
            }
        }
        if (unsettled > 0) {
            problems.add(unsettled + " requests never settled");
        }
        if (!drained) {
            problems.add("the pipeline did not drain");
        }
        for (var check : checks) {
            if (!check.passed()) {
                problems.add(check.name() + ": " + check.wrong() + " wrong, first "
                        + check.examples().stream().limit(3).toList());
            }
        }
        for (var fault : faults) {
            if (fault.recovery() == null) {
                problems.add(fault.name() + " not recovered");
            }
        }
        return problems;
    }

    private static long serverErrors(Traffic traffic) {
        return Arrays.stream(Traffic.Kind.values()).mapToLong(k -> traffic.counts(k).serverErrors.get())
                .sum();
    }

    private static void row(StringBuilder out, String name, long value) {
        out.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
