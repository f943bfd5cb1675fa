package com.example.commerce.api.web;

import com.example.commerce.platform.trace.TraceParent;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Joins the caller's trace (W3C {@code traceparent} header) or starts one, for the events this request writes. An
 * invalid header is ignored rather than refused, as the Trace Context specification asks.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class TraceContextFilter {

    @RequestFilter
    public void joinOrStartTrace(HttpRequest<?> request, MutablePropagatedContext context) {
        context.add(TraceParent.parse(request.getHeaders().get(TraceParent.HEADER))
                .map(TraceParent::child)
                .orElseGet(TraceParent::newTrace));
    }
}
