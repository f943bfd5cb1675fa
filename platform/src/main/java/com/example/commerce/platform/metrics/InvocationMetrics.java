package com.example.commerce.platform.metrics;

import io.micronaut.context.BeanLocator;
import io.micronaut.core.reflect.ClassUtils;

import java.util.List;

/**
 * What a Lambda handler calls at the end of every invocation: its function's metrics as one EMF line
 * ({@link EmbeddedMetrics}) if the function has a meter registry; nothing otherwise (order-api's HTTP function
 * has none, and never loads Micrometer for this).
 */
public final class InvocationMetrics {

    /** The functions' own meters; the JVM's, the pool's and the clients' are left to the platform's metrics. */
    public static final List<String> PREFIXES =
            List.of("notification.", "indexer.", "fulfillment.", "outbox.", "saga.", "consumer.");
    private static final String REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    private InvocationMetrics() {
    }

    /** @return what writes the line, once per call */
    public static Runnable forFunction(BeanLocator beans, String function) {
        if (!ClassUtils.isPresent(REGISTRY, InvocationMetrics.class.getClassLoader())) {
            return () -> { };
        }
        return WithRegistry.flusher(beans, function);
    }

    /** Apart, so that Micrometer's classes are only loaded where they are present. */
    private static final class WithRegistry {

        static Runnable flusher(BeanLocator beans, String function) {
            return beans.findBean(io.micrometer.core.instrument.MeterRegistry.class)
                    .<Runnable>map(registry -> new EmbeddedMetrics(registry, function, PREFIXES,
                            line -> System.out.println(line))::flush)
                    .orElse(() -> { });
        }
    }
}
