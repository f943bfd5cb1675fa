package com.example.commerce.relay;

import com.example.commerce.outbox.OutboxRow;
import com.example.commerce.platform.trace.TraceParent;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The trace an outbox row was written under: its {@code traceparent} header (written by {@code Outbox.append}), so
 * that the relay's lines about the row carry the trace of the request that caused the event.
 */
final class RowTrace {

    // The headers are a flat JSON object of strings written by the outbox; a pattern spares a parse per row.
    private static final Pattern TRACEPARENT = Pattern.compile("\"" + TraceParent.HEADER + "\"\\s*:\\s*\"([^\"]*)\"");

    private RowTrace() {
    }

    static Optional<TraceParent> of(OutboxRow row) {
        if (row.headers() == null) {
            return Optional.empty();
        }
        var match = TRACEPARENT.matcher(row.headers());
        return match.find() ? TraceParent.parse(match.group(1)) : Optional.empty();
    }
}
