package com.example.commerce.testsupport.load;

import org.HdrHistogram.Histogram;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One latency distribution of a benchmark, in an HdrHistogram (microseconds, 3 significant digits, up to 30
 * minutes): the one percentile implementation of every benchmark in the repository. Latencies of an open-loop
 * benchmark are recorded from the instant each operation was due ({@link #recordSince}), not from when it was
 * actually sent, so that a stall shows in every operation it delayed (no coordinated omission).
 */
public final class Latencies {

    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(30);

    private final String name;
    private final Histogram histogram = new Histogram(MAX_MICROS, 3);

    public Latencies(String name) {
        this.name = name;
    }

    /** Records the time from {@code dueNanos} (a {@link System#nanoTime()} reading) until now. */
    public void recordSince(long dueNanos) {
        recordNanos(System.nanoTime() - dueNanos);
    }

    public synchronized void recordNanos(long nanos) {
        histogram.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1_000)));
    }

    public synchronized long count() {
        return histogram.getTotalCount();
    }

    /** The latency at {@code percentile} (0-100) in milliseconds; 0 if nothing was recorded. */
    public synchronized double millisAt(double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1_000.0;
    }

    public synchronized double maxMillis() {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue() / 1_000.0;
    }

    /** One line: name, count, p50, p90, p99, p99.9 and max. */
    public String summary() {
        return String.format(Locale.ROOT, "%-40s n %7d  p50 %8.1f ms  p90 %8.1f ms  p99 %8.1f ms  p99.9 %8.1f ms  "
                        + "max %8.1f ms", name, count(), millisAt(50), millisAt(90), millisAt(99), millisAt(99.9),
                maxMillis());
    }

    /** {@link #summary()} beside a p99 ceiling, with whether the run met it. */
    public String summary(double p99CeilingMillis) {
        return summary() + String.format(Locale.ROOT, "  ceiling p99 %.0f ms: %s", p99CeilingMillis,
                millisAt(99) <= p99CeilingMillis ? "met" : "MISSED");
    }
}
