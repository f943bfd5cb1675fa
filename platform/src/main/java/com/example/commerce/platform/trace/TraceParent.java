package com.example.commerce.platform.trace;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.core.propagation.ThreadPropagatedContextElement;
import org.slf4j.MDC;

import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A W3C Trace Context {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}). The API takes it from the
 * request (or starts a trace), every outbox event records it, the relay sends it as a Kafka header and consumers
 * log it: one id follows an order from the HTTP request to its notification and index update. Carried in
 * Micronaut's propagated context, so it follows a request onto the blocking executor; wherever that context is
 * in effect, the trace and span ids are in the logging context (SLF4J MDC keys {@value TraceLogContext#TRACE_ID}
 * and {@value TraceLogContext#SPAN_ID}).
 */
public record TraceParent(String traceId, String spanId, String flags)
        implements ThreadPropagatedContextElement<TraceParent.LoggedIds> {

    public static final String HEADER = "traceparent";

    private static final Pattern FORMAT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final String INVALID_TRACE_ID = "0".repeat(32);
    private static final String INVALID_SPAN_ID = "0".repeat(16);
    private static final String SAMPLED = "01";

    /** The header's value if it is a valid version-00 traceparent, otherwise empty (the caller starts a trace). */
    public static Optional<TraceParent> parse(@Nullable String header) {
        if (header == null) {
            return Optional.empty();
        }
        var match = FORMAT.matcher(header.trim());
        if (!match.matches() || match.group(1).equals(INVALID_TRACE_ID) || match.group(2).equals(INVALID_SPAN_ID)) {
            return Optional.empty();
        }
        return Optional.of(new TraceParent(match.group(1), match.group(2), match.group(3)));
    }

    public static TraceParent newTrace() {
        return new TraceParent(randomHex(16), randomHex(8), SAMPLED);
    }

    /** The trace of the current request or event, if one is being handled on this thread. */
    public static Optional<TraceParent> current() {
        return PropagatedContext.getOrEmpty().find(TraceParent.class);
    }

    /** A new span in the same trace, e.g. for an event caused by the current request. */
    public TraceParent child() {
        return new TraceParent(traceId, randomHex(8), flags);
    }

    public String header() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    /** The ids the logging context held before this trace was put in, restored when it is taken out. */
    public record LoggedIds(@Nullable String traceId, @Nullable String spanId) {

        static LoggedIds current() {
            return new LoggedIds(MDC.get(TraceLogContext.TRACE_ID), MDC.get(TraceLogContext.SPAN_ID));
        }

        void restore() {
            put(TraceLogContext.TRACE_ID, traceId);
            put(TraceLogContext.SPAN_ID, spanId);
        }

        private static void put(String key, @Nullable String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }

    @Override
    public LoggedIds updateThreadContext() {
        var previous = LoggedIds.current();
        new LoggedIds(traceId, spanId).restore();
        return previous;
    }

    @Override
    public void restoreThreadContext(LoggedIds previous) {
        previous.restore();
    }

    private static String randomHex(int bytes) {
        var random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
