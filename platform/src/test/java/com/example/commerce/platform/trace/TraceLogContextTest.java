package com.example.commerce.platform.trace;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceLogContextTest {

    private static final TraceParent TRACE =
            TraceParent.parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01").orElseThrow();

    @Test
    void theIdsAreInTheLoggingContextAndThePropagatedContextWhileTheWorkRuns() {
        String[] seen = TraceLogContext.around(Optional.of(TRACE), () -> new String[] {
                MDC.get(TraceLogContext.TRACE_ID), MDC.get(TraceLogContext.SPAN_ID),
                TraceParent.current().map(TraceParent::header).orElse(null)});

        assertEquals("0af7651916cd43dd8448eb211c80319c", seen[0]);
        assertEquals("b7ad6b7169203331", seen[1]);
        assertEquals(TRACE.header(), seen[2]);
        assertNull(MDC.get(TraceLogContext.TRACE_ID));
        assertNull(MDC.get(TraceLogContext.SPAN_ID));
        assertTrue(TraceParent.current().isEmpty());
    }

    @Test
    void theIdsAreClearedWhenTheWorkThrows() {
        assertThrows(IllegalStateException.class, () -> TraceLogContext.around(Optional.of(TRACE), () -> {
            throw new IllegalStateException("database down");
        }));

        assertNull(MDC.get(TraceLogContext.TRACE_ID));
        assertNull(MDC.get(TraceLogContext.SPAN_ID));
        assertTrue(TraceParent.current().isEmpty());
    }

    @Test
    void workWithoutATraceIsNotLoggedUnderTheEnclosingOne() {
        try (var outer = TraceLogContext.open(Optional.of(TRACE))) {
            String inner = TraceLogContext.around(Optional.empty(), () -> MDC.get(TraceLogContext.TRACE_ID));
            assertNull(inner);
            assertEquals(TRACE.traceId(), MDC.get(TraceLogContext.TRACE_ID));
        }
        assertNull(MDC.get(TraceLogContext.TRACE_ID));
    }
}
