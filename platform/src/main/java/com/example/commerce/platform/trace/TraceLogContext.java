package com.example.commerce.platform.trace;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.PropagatedContext;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Puts a trace into Micronaut's propagated context while one piece of work runs, e.g. one consumed record: every
 * line logged meanwhile carries its ids ({@value #TRACE_ID} and {@value #SPAN_ID} in the SLF4J MDC, set by
 * {@link TraceParent}), and an event the work writes to the outbox continues that trace
 * ({@link TraceParent#current()}). Closing restores what was there before, also when the work throws.
 */
public final class TraceLogContext implements AutoCloseable {

    public static final String TRACE_ID = "traceId";
    public static final String SPAN_ID = "spanId";

    @Nullable
    private final PropagatedContext.Scope propagation;
    @Nullable
    private final TraceParent.LoggedIds cleared;

    private TraceLogContext(@Nullable TraceParent trace) {
        if (trace == null) {
            // Work without a trace must not be logged under the ids of whatever ran before it on this thread.
            this.cleared = TraceParent.LoggedIds.current();
            new TraceParent.LoggedIds(null, null).restore();
            this.propagation = null;
        } else {
            this.cleared = null;
            this.propagation = PropagatedContext.getOrEmpty().plus(trace).propagate();
        }
    }

    /** Until {@link #close()}: the trace's ids in every log line of this thread (none if the trace is absent). */
    public static TraceLogContext open(Optional<TraceParent> trace) {
        return new TraceLogContext(trace.orElse(null));
    }

    /** Runs {@code work} in the trace's logging context. */
    public static <T> T around(Optional<TraceParent> trace, Supplier<T> work) {
        try (var ignored = open(trace)) {
            return work.get();
        }
    }

    @Override
    public void close() {
        if (propagation != null) {
            propagation.close();
        }
        if (cleared != null) {
            cleared.restore();
        }
    }
}
