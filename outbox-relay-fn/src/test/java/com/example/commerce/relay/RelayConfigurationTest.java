package com.example.commerce.relay;

import com.example.commerce.testsupport.SystemProperties;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A relay whose pass may outlast its Lambda safety margin is refused at start-up, with the reason. */
class RelayConfigurationTest {

    @Test
    void theDefaultsFitTheMargin() {
        try (var context = ApplicationContext.run()) {
            var config = context.getBean(RelayConfiguration.class);
            assertTrue(config.sendTimeout().compareTo(config.lambdaSafetyMargin()) <= 0);
        }
    }

    @Test
    void aSendTimeoutLongerThanTheMarginIsRefused() {
        try (var context = ApplicationContext.run(Map.of("commerce.relay.send-timeout", "30s",
                "commerce.relay.lambda-safety-margin", "10s"))) {
            var refused = assertThrows(RuntimeException.class, () -> context.getBean(RelayConfiguration.class));
            String message = messages(refused);
            assertTrue(message.contains("commerce.relay.send-timeout") && message.contains("30000 ms")
                    && message.contains("commerce.relay.lambda-safety-margin"), message);
        }
    }

    @Test
    void aSendTimeoutEqualToTheMarginIsAccepted() {
        try (var context = ApplicationContext.run(Map.of("commerce.relay.send-timeout", "5s",
                "commerce.relay.lambda-safety-margin", "5s"))) {
            assertEquals(Duration.ofSeconds(5), context.getBean(RelayConfiguration.class).sendTimeout());
        }
    }

    @Test
    void theLambdaFunctionRefusesToStart() {
        try (var properties = SystemProperties.testEnvironment(Map.of("commerce.relay.send-timeout", "30s"))) {
            var refused = assertThrows(RuntimeException.class, OutboxRelayHandler::new);
            assertTrue(messages(refused).contains("commerce.relay.lambda-safety-margin"), messages(refused));
        }
    }

    private static String messages(Throwable failure) {
        var text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
