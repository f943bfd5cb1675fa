package com.example.commerce.contract;

import java.time.Instant;

/**
 * Time per instant read by {@link Instant#parse} and by {@link UtcInstants#parse}, over 1,000 distinct instants as the
 * envelope carries them (whole seconds and micro- or nanosecond fractions), 1,000 times each, six rounds (the first
 * ones warm the JIT up). Not part of the suite; figures in BENCHMARKS.md. Run after {@code ./mvnw -q -pl
 * event-contract test-compile}: {@code java [-XX:TieredStopAtLevel=1] -cp
 * event-contract/target/classes:event-contract/target/test-classes
 * com.example.commerce.contract.UtcInstantsBenchmark}.
 */
public final class UtcInstantsBenchmark {

    private UtcInstantsBenchmark() {
    }

    public static void main(String[] args) {
        String[] texts = new String[1_000];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = Instant.ofEpochSecond(1_700_000_000L + i * 7_919L, i % 3 == 0 ? 0 : i * 1_000_003L).toString();
        }
        long checksum = 0;
        for (int round = 1; round <= 6; round++) {
            long started = System.nanoTime();
            for (int repeat = 0; repeat < 1_000; repeat++) {
                for (String text : texts) {
                    checksum += Instant.parse(text).getNano();
                }
            }
            long general = System.nanoTime() - started;
            started = System.nanoTime();
            for (int repeat = 0; repeat < 1_000; repeat++) {
                for (String text : texts) {
                    checksum -= UtcInstants.parse(text).getNano();
                }
            }
            long fast = System.nanoTime() - started;
            // 1,000,000 instants per measurement: total nanoseconds / 10^6 = nanoseconds per instant.
            System.out.printf("round %d: Instant.parse %.0f ns, UtcInstants.parse %.0f ns per instant%n", round,
                    general / 1e6, fast / 1e6);
        }
        if (checksum != 0) {
            throw new IllegalStateException("the two parsers read different instants");
        }
    }
}
