package com.example.commerce.platform.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import com.example.commerce.platform.trace.TraceLogContext;
import com.example.commerce.platform.trace.TraceParent;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lines a function writes on Lambda: one JSON object each, with the trace ids from the logging context. */
class JsonLogLineTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final LoggerContext context = new LoggerContext();

    @BeforeEach
    void configureAsOnLambda() {
        // The configuration a Lambda gets, in a context of its own (the JVM's stays as it is), its console captured.
        new LoggingConfigurator().configure(context, true);
        capture(context);
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    private void capture(LoggerContext logging) {
        // The MDC that TraceLogContext writes: the one of the JVM's logging context.
        logging.setMDCAdapter(org.slf4j.MDC.getMDCAdapter());
        logging.start();
        var console = (ConsoleAppender<?>) logging.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDOUT");
        console.setOutputStream(captured);
    }

    @Test
    void aLineLoggedInATraceIsOneJsonObjectWithItsIds() throws Exception {
        var trace = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").orElseThrow();
        try (var ignored = TraceLogContext.open(Optional.of(trace))) {
            context.getLogger("com.example.commerce.Orders").warn("Order {} not processed", 42);
        }
        context.getLogger("com.example.commerce.Orders").info("after the trace");

        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(2, lines.length, () -> "captured: " + captured);
        Map<String, Object> traced = json(lines[0]);
        assertEquals("WARN", traced.get("level"));
        assertEquals("com.example.commerce.Orders", traced.get("loggerName"));
        assertEquals("Order 42 not processed", traced.get("formattedMessage"));
        assertTrue(traced.get("timestamp") instanceof Number, lines[0]);
        @SuppressWarnings("unchecked")
        var mdc = (Map<String, Object>) traced.get("mdc");
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", mdc.get(TraceLogContext.TRACE_ID));
        assertEquals("00f067aa0ba902b7", mdc.get(TraceLogContext.SPAN_ID));

        Map<String, Object> after = json(lines[1]);
        assertEquals("after the trace", after.get("formattedMessage"));
        @SuppressWarnings("unchecked")
        var mdcAfter = (Map<String, Object>) after.getOrDefault("mdc", Map.of());
        assertFalse(mdcAfter.containsKey(TraceLogContext.TRACE_ID), lines[1]);
    }

    @Test
    void plainTextLocallyWithTheTraceIdWhenThereIsOne() {
        var local = new LoggerContext();
        new LoggingConfigurator().configure(local, false);
        capture(local);
        var trace = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").orElseThrow();
        try (var ignored = TraceLogContext.open(Optional.of(trace))) {
            local.getLogger("Orders").info("traced");
        }
        local.getLogger("Orders").info("untraced");
        local.stop();

        String[] lines = captured.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertTrue(lines[0].endsWith("Orders trace=4bf92f3577b34da6a3ce929d0e0e4736 - traced"), "line: " + lines[0]);
        assertTrue(lines[1].endsWith("Orders - untraced"), lines[1]);
        assertNull(org.slf4j.MDC.get(TraceLogContext.TRACE_ID));
    }

    private static Map<String, Object> json(String line) throws Exception {
        return ObjectMapper.getDefault().readValue(line, Argument.mapOf(String.class, Object.class));
    }
}
