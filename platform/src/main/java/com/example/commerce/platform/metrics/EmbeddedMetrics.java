package com.example.commerce.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A function's own counters and gauges as CloudWatch Embedded Metric Format: one JSON line on standard output per
 * invocation, which CloudWatch Logs turns into metrics of namespace {@value #NAMESPACE} with the dimension
 * {@value #DIMENSION} (the function's environment, e.g. {@code notification-fn}). No agent, no API call, no AWS
 * SDK: a few dozen lines instead of a library, because every class a function loads is paid for at each cold
 * start (BENCHMARKS.md, "Metrics on Lambda"). A counter is written as its increase since the previous line, a gauge
 * as its value; a tagged meter's name is its name followed by its tag values in tag-name order, e.g.
 * {@code notification.events.dead_lettered}. Only meters whose names start with one of the given prefixes are
 * written (not the JVM's or the connection pool's).
 */
public final class EmbeddedMetrics {

    public static final String NAMESPACE = "Commerce";
    public static final String DIMENSION = "function";

    private final MeterRegistry meters;
    private final String function;
    private final List<String> prefixes;
    private final Consumer<String> out;
    private final Map<Meter.Id, Double> counted = new HashMap<>();

    /** @param out where the line goes: standard output on Lambda, where CloudWatch Logs reads it */
    public EmbeddedMetrics(MeterRegistry meters, String function, List<String> prefixes, Consumer<String> out) {
        this.meters = meters;
        this.function = function;
        this.prefixes = prefixes;
        this.out = out;
    }

    /** Writes the line (nothing if the function has no such meter yet). */
    public void flush() {
        String line = document(System.currentTimeMillis());
        if (line != null) {
            out.accept(line);
        }
    }

    /** The EMF document of the meters' current figures, or null if there are none; counters restart from here. */
    public synchronized String document(long epochMillis) {
        var values = new TreeMap<String, Double>();
        var units = new HashMap<String, String>();
        for (Meter meter : meters.getMeters()) {
            String name = meter.getId().getName();
            if (prefixes.stream().noneMatch(name::startsWith)) {
                continue;
            }
            String metric = metricName(meter.getId());
            if (meter instanceof Counter counter) {
                double total = counter.count();
                Double previous = counted.put(meter.getId(), total);
                values.merge(metric, total - (previous == null ? 0 : previous), Double::sum);
                units.put(metric, "Count");
            } else if (meter instanceof Gauge gauge) {
                double value = gauge.value();
                if (Double.isFinite(value)) {
                    values.put(metric, value);
                    units.put(metric, "seconds".equals(meter.getId().getBaseUnit()) ? "Seconds" : "None");
                }
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        var json = new StringBuilder(256 + values.size() * 80);
        json.append("{\"_aws\":{\"Timestamp\":").append(epochMillis)
                .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"").append(NAMESPACE)
                .append("\",\"Dimensions\":[[\"").append(DIMENSION).append("\"]],\"Metrics\":[");
        boolean first = true;
        for (String metric : values.keySet()) {
            json.append(first ? "" : ",").append("{\"Name\":").append(quoted(metric))
                    .append(",\"Unit\":\"").append(units.get(metric)).append("\"}");
            first = false;
        }
        json.append("]}]},\"").append(DIMENSION).append("\":").append(quoted(function));
        values.forEach((metric, value) -> json.append(',').append(quoted(metric)).append(':').append(number(value)));
        return json.append('}').toString();
    }

    static String metricName(Meter.Id id) {
        var tags = id.getTags();
        if (tags.isEmpty()) {
            return id.getName();
        }
        return id.getName() + "." + tags.stream().map(Tag::getValue).collect(Collectors.joining("."));
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.valueOf(value);
    }

    private static String quoted(String text) {
        var quoted = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
