package com.example.commerce.platform.lambda;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Runs a function's hot path once just before SnapStart takes the snapshot of its initialised instance, so that a
 * restored instance starts with those classes loaded and that code compiled: what remains of a cold start after a
 * restore is otherwise "the event itself" (BENCHMARKS.md, cold start). Each function contributes {@link Primer}
 * beans, or registers one from its handler ({@link #register}).
 *
 * <p>Ordered last, so that the checkpoint, which notifies resources in the reverse order of their registration, runs
 * it first: before micronaut-crac suspends the connection pool and closes its connections. A primer that fails is
 * logged and recorded, and the snapshot is taken all the same: a function that misses its priming is only slower.
 */
@Singleton
@Requires(property = "crac.enabled", value = "true")
public class SnapStartPriming implements OrderedResource {

    private static final Logger LOG = LoggerFactory.getLogger(SnapStartPriming.class);

    /** One piece of a function's hot path, run once before the snapshot. */
    public interface Primer {

        /** What it runs, for the log and {@link #primed()}. */
        String name();

        void prime() throws Exception;
    }

    /** What one primer did at the last checkpoint. */
    public record Primed(String name, long millis, @Nullable String failure) {
    }

    private final List<Primer> primers = new CopyOnWriteArrayList<>();
    private volatile List<Primed> primed = List.of();

    public SnapStartPriming(List<Primer> primers) {
        this.primers.addAll(primers);
    }

    /** Adds a primer that is not a bean (a handler priming itself). */
    public void register(Primer primer) {
        primers.add(primer);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        var results = new ArrayList<Primed>();
        for (Primer primer : primers) {
            long started = System.nanoTime();
            String failure = null;
            try {
                primer.prime();
            } catch (Exception | LinkageError e) {
                failure = e.toString();
                LOG.warn("Priming '{}' failed; the snapshot is taken without it", primer.name(), e);
            }
            var result = new Primed(primer.name(), (System.nanoTime() - started) / 1_000_000, failure);
            LOG.info("Primed before the snapshot: {} in {} ms{}", result.name(), result.millis(),
                    failure == null ? "" : " (failed)");
            results.add(result);
        }
        primed = List.copyOf(results);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to undo: primers leave no connection of their own behind.
    }

    /** What ran at the last checkpoint, in order; empty before the first. */
    public List<Primed> primed() {
        return primed;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
