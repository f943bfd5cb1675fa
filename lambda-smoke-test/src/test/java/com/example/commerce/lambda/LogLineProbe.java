package com.example.commerce.lambda;

import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Run by LambdaJarsIT in a JVM of its own with a Lambda jar first on the classpath: logs through SLF4J with a trace
 * id in the MDC, with a throwable, and, given the argument {@code jcl}, through the Commons Logging API the
 * Elasticsearch client logs with.
 */
public final class LogLineProbe {

    private LogLineProbe() {
    }

    public static void main(String[] args) throws Exception {
        // As Micronaut's logging system refreshes logback when a logger.* property is set (LogbackLoggingSystem):
        // the context reset, then LogbackUtils.configure, which tests the configurator it finds against logback's
        // XML one (that class must load) and runs ours again.
        Object context = LoggerFactory.getILoggerFactory();
        context.getClass().getMethod("reset").invoke(context);
        Class.forName("io.micronaut.logging.impl.LogbackUtils")
                .getMethod("configure", ClassLoader.class, Class.forName("ch.qos.logback.classic.LoggerContext"),
                        String.class)
                .invoke(null, LogLineProbe.class.getClassLoader(), context, "logback.xml");
        MDC.put("traceId", "probe-trace");
        LoggerFactory.getLogger("probe").info("plain line");
        LoggerFactory.getLogger("probe").warn("with a throwable", new IllegalStateException("probe failure"));
        if (args.length == 0) {
            return;
        }
        // By name: this module does not compile against Commons Logging; the jars with Elasticsearch's client carry it.
        Object log = Class.forName("org.apache.commons.logging.LogFactory").getMethod("getLog", String.class)
                .invoke(null, "probe.jcl");
        Class.forName("org.apache.commons.logging.Log").getMethod("info", Object.class).invoke(log, "commons logging line");
    }
}
