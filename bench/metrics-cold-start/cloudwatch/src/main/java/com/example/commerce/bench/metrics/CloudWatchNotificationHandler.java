package com.example.commerce.bench.metrics;

import com.example.commerce.notification.NotificationHandler;
import com.example.commerce.platform.metrics.EmbeddedMetrics;
import com.example.commerce.platform.metrics.InvocationMetrics;
import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * notification-fn with Micrometer's CloudWatch registry in place of {@link EmbeddedMetrics}: the same counters,
 * bound into a {@link CloudWatchMeterRegistry} and published with one {@code PutMetricData} call at the end of each
 * invocation (a push registry's background thread would be frozen between invocations). Not EMF: an AWS SDK
 * client call. {@code METRICS_BENCH_CLOUDWATCH_ENDPOINT} points the client at the benchmark's stand-in endpoint.
 */
public class CloudWatchNotificationHandler extends NotificationHandler {

    @Override
    protected Runnable invocationMetrics() {
        MeterRegistry meters = getApplicationContext().getBean(MeterRegistry.class);
        var client = CloudWatchAsyncClient.builder();
        String endpoint = System.getenv("METRICS_BENCH_CLOUDWATCH_ENDPOINT");
        if (endpoint != null) {
            client.endpointOverride(URI.create(endpoint));
        }
        Map<String, String> config = Map.of("cloudwatch.namespace", EmbeddedMetrics.NAMESPACE,
                "cloudwatch.step", "PT1M");
        var registry = new InvocationRegistry(config::get, client.build());
        registry.config().commonTags(EmbeddedMetrics.DIMENSION, ENVIRONMENT);
        Set<Meter.Id> bound = new HashSet<>();
        return () -> {
            for (Meter meter : meters.getMeters()) {
                String name = meter.getId().getName();
                if (meter instanceof Counter counter && InvocationMetrics.PREFIXES.stream().anyMatch(name::startsWith)
                        && bound.add(meter.getId())) {
                    FunctionCounter.builder(name, counter, Counter::count).tags(meter.getId().getTags())
                            .register(registry);
                }
            }
            registry.publishNow();
        };
    }

    /** A CloudWatch registry published on demand, at the end of an invocation, not by its own thread. */
    static final class InvocationRegistry extends CloudWatchMeterRegistry {

        InvocationRegistry(CloudWatchConfig config, CloudWatchAsyncClient client) {
            super(config, Clock.SYSTEM, client);
        }

        void publishNow() {
            publish();
        }
    }
}
