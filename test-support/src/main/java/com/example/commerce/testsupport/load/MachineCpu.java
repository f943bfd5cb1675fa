package com.example.commerce.testsupport.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The CPU time the whole machine has been busy, from Linux's {@code /proc/stat} (user, nice, system, irq, softirq
 * and steal; idle and I/O wait left out). A local-system benchmark reads it before and after its measured phase: the
 * difference is what the application, PostgreSQL, Kafka, Elasticsearch and the load generator spent together, which
 * divided by the operations measured gives the CPU per operation, a figure that does not depend on how far past its
 * capacity a run drove the machine (its latencies do). Meaningful only with nothing else running.
 */
public record MachineCpu(long busyTicks) {

    /** {@code /proc/stat} counts in USER_HZ, 100 per second on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** Now; empty where there is no {@code /proc/stat} (not Linux). */
    public static Optional<MachineCpu> now() {
        try {
            String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int field : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[field]);
            }
            return Optional.of(new MachineCpu(busy));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** CPU-seconds the machine was busy from {@code earlier} to this reading. */
    public double secondsSince(MachineCpu earlier) {
        return (busyTicks - earlier.busyTicks) / TICKS_PER_SECOND;
    }

    /** A line for a benchmark's output: the busy CPU-seconds between the readings, and per operation. */
    public static String summary(Optional<MachineCpu> before, Optional<MachineCpu> after, long operations,
                                 String operation) {
        if (before.isEmpty() || after.isEmpty() || operations == 0) {
            return "machine CPU: not measured (no /proc/stat)";
        }
        double seconds = after.get().secondsSince(before.get());
        return String.format(Locale.ROOT, "machine CPU (all processes, /proc/stat): %.1f CPU-s, %.1f ms per %s",
                seconds, seconds * 1000 / operations, operation);
    }
}
