package com.example.commerce.testsupport.load;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One line every 10 s while a long run (the fault-injection run, a benchmark) goes on, so that whoever watches it
 * sees it moving: requests sent and accepted, the outbox backlog and the consumers' lag. A figure the run does not
 * know is {@link #UNKNOWN} and printed as {@code -}. Reading the figures must not throw; if it does, the line says
 * so and the next one tries again.
 */
public final class ProgressReporter implements AutoCloseable {

    public static final Duration EVERY = Duration.ofSeconds(10);
    public static final long UNKNOWN = -1;

    /** What a progress line shows. */
    public record Figures(long sent, long accepted, long backlog, long lag) {
    }

    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();

    private ProgressReporter(String run, Duration every, Supplier<Figures> figures, Consumer<String> out) {
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            var thread = new Thread(task, "progress-" + run);
            thread.setDaemon(true);
            return thread;
        });
        long millis = every.toMillis();
        timer.scheduleAtFixedRate(() -> out.accept(line(run, figures)), millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Prints to standard output every {@link #EVERY} until closed. */
    public static ProgressReporter start(String run, Supplier<Figures> figures) {
        return new ProgressReporter(run, EVERY, figures, System.out::println);
    }

    public static ProgressReporter start(String run, Duration every, Supplier<Figures> figures,
                                         Consumer<String> out) {
        return new ProgressReporter(run, every, figures, out);
    }

    String line(String run, Supplier<Figures> figures) {
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        String prefix = String.format(Locale.ROOT, "[progress %s +%ds]", run, seconds);
        try {
            var f = figures.get();
            return prefix + " sent=" + figure(f.sent()) + " accepted=" + figure(f.accepted())
                    + " backlog=" + figure(f.backlog()) + " lag=" + figure(f.lag());
        } catch (RuntimeException e) {
            return prefix + " figures unavailable: " + e;
        }
    }

    private static String figure(long value) {
        return value < 0 ? "-" : String.valueOf(value);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
