package com.example.commerce.bench.metrics;

import com.example.commerce.notification.NotificationHandler;
import com.example.commerce.platform.metrics.EmbeddedMetrics;
import com.example.commerce.platform.metrics.InvocationMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

import java.util.HashMap;
import java.util.Map;

/**
 * notification-fn with Powertools metrics writing the EMF line in place of {@link EmbeddedMetrics}: the same
 * counters (read from the function's Micrometer registry, as increases since the last line), the same namespace and
 * dimension, flushed by Powertools at the end of each invocation. Without the {@code @FlushMetrics} aspect, which
 * would need AspectJ weaving of the handler; the explicit flush is what it does.
 */
public class PowertoolsNotificationHandler extends NotificationHandler {

    @Override
    protected Runnable invocationMetrics() {
        MeterRegistry registry = getApplicationContext().getBean(MeterRegistry.class);
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(EmbeddedMetrics.NAMESPACE);
        metrics.setDefaultDimensions(DimensionSet.of(EmbeddedMetrics.DIMENSION, ENVIRONMENT));
        Map<Meter.Id, Double> counted = new HashMap<>();
        return () -> {
            boolean any = false;
            for (Meter meter : registry.getMeters()) {
                String name = meter.getId().getName();
                if (meter instanceof Counter counter
                        && InvocationMetrics.PREFIXES.stream().anyMatch(name::startsWith)) {
                    double total = counter.count();
                    Double previous = counted.put(meter.getId(), total);
                    metrics.addMetric(metricName(meter.getId()), total - (previous == null ? 0 : previous),
                            MetricUnit.COUNT);
                    any = true;
                }
            }
            if (any) {
                metrics.flush();
            }
        };
    }

    static String metricName(Meter.Id id) {
        var name = new StringBuilder(id.getName());
        id.getTags().forEach(tag -> name.append('.').append(tag.getValue()));
        return name.toString();
    }
}
