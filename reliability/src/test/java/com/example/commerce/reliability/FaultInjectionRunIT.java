package com.example.commerce.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fault-injection run in small: 60 s of traffic at 40 requests/s with every fault of the full run (Kafka
 * broker killed, PostgreSQL killed, relay and notification consumer killed, Elasticsearch stopped, Kafka broker
 * frozen), each outage 5 s, so that every build proves that nothing is lost or duplicated and that the harness
 * itself still works. The full run is
 * {@code bench/fault-injection.sh}.
 */
class FaultInjectionRunIT {

    @Test
    void nothingIsLostOrDuplicatedWhileEveryPartFails(@TempDir Path workDir) throws Exception {
        try (var stack = new LocalStack(workDir)) {
            var outages = new FaultInjectionRun.Outages(Duration.ofSeconds(5), Duration.ofSeconds(5),
                    Duration.ofSeconds(5), Duration.ofSeconds(5));
            var outcome = FaultInjectionRun.run(stack, 40, Duration.ofSeconds(5), Duration.ofSeconds(60), outages,
                    20261121, 10, 20);

            assertTrue(outcome.passed(), () -> "failed: " + String.join("; ", outcome.problems())
                    + " (the report above has the detail; the functions' logs were in " + workDir + ")");
        }
    }
}
