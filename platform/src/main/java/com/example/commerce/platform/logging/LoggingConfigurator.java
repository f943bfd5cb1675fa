package com.example.commerce.platform.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.Map;

/**
 * Every function's logging, configured in code: lines on standard output (CloudWatch on Lambda), root level from
 * {@code LOG_LEVEL} (default INFO), chatty client libraries at WARN. On Lambda (where {@code AWS_LAMBDA_FUNCTION_NAME}
 * is set) every line is one JSON object (logback's own {@link JsonEncoder}, no extra dependency) with the MDC, so
 * CloudWatch Logs Insights can filter by {@code mdc.traceId}; locally plain text, with the trace id when there is
 * one. In code rather than logback.xml because reading XML loads and runs logback's XML configurator and a parser,
 * some 600 classes, on every cold start. A file named by {@code -Dlogback.configurationFile} still takes
 * precedence where logback's XML configurator is on the classpath (the local run, tests); the Lambda jars leave it
 * out, and there the property is ignored.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public class LoggingConfigurator extends ContextAwareBase implements Configurator {

    static final String PATTERN =
            "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36}%replace( trace=%X{traceId}){' trace=$', ''} - %msg%n";
    /** Set by the Lambda runtime in every function's environment. */
    static final String LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    static final Map<String, Level> QUIET = Map.of(
            "org.apache.kafka", Level.WARN,
            "org.flywaydb", Level.WARN,
            "com.zaxxer.hikari", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null && xmlConfiguratorPresent()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configure(context, System.getenv(LAMBDA_FUNCTION_NAME) != null);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Whether logback's XML configurator is on the classpath: the Lambda jars leave it out (root pom.xml). */
    static boolean xmlConfiguratorPresent() {
        try {
            Class.forName("ch.qos.logback.classic.joran.JoranConfigurator", false,
                    LoggingConfigurator.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    void configure(LoggerContext context, boolean json) {
        Encoder<ILoggingEvent> encoder = json ? jsonEncoder() : patternEncoder();
        encoder.setContext(context);
        encoder.start();
        var console = new ConsoleAppender<ILoggingEvent>();
        console.setContext(context);
        console.setName("STDOUT");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getenv("LOG_LEVEL"), Level.INFO));
        root.addAppender(console);
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
    }

    private static Encoder<ILoggingEvent> patternEncoder() {
        var encoder = new PatternLayoutEncoder();
        encoder.setPattern(PATTERN);
        return encoder;
    }

    /**
     * One JSON object per line: timestamp (epoch milliseconds), level, thread, logger, the MDC, the formatted
     * message and any throwable; not the raw template, its arguments or logback's sequence numbers.
     */
    private static Encoder<ILoggingEvent> jsonEncoder() {
        var encoder = new JsonEncoder();
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        return encoder;
    }
}
