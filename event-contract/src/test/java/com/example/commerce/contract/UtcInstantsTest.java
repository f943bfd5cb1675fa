package com.example.commerce.contract;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UtcInstantsTest {

    @Test
    void readsWhatInstantParseReadsForEveryFractionLength() {
        var random = new Random(29);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long second = min + (long) (random.nextDouble() * (max - min));
            String whole = Instant.ofEpochSecond(second).toString(); // yyyy-MM-ddTHH:mm:ssZ
            int digits = i % 10;
            StringBuilder fraction = new StringBuilder();
            for (int d = 0; d < digits; d++) {
                fraction.append((char) ('0' + random.nextInt(10)));
            }
            String text = digits == 0 ? whole : whole.substring(0, 19) + "." + fraction + "Z";
            assertEquals(Instant.parse(text), UtcInstants.parse(text), text);
        }
    }

    @Test
    void readsTheEdgesOfMonthsAndDaysAsInstantParseDoes() {
        for (String text : List.of("2024-02-29T23:59:59Z", "2000-02-29T00:00:00Z", "2026-12-31T23:59:59.999999999Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z", "0000-01-01T00:00:00Z", "2026-04-30T12:00:00.000Z",
                "2026-11-21T10:00:00.123456Z", "2026-11-21T10:00:00+09:00", "2016-12-31T23:59:60Z",
                "2026-11-21T10:00:00.Z", "2026-11-21T10:00:00z")) {
            assertEquals(Instant.parse(text), UtcInstants.parse(text), text);
        }
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        for (String text : List.of("", "2026-11-21", "2026-11-21T10:00:00", "2026-02-29T10:00:00Z",
                "2026-04-31T10:00:00Z", "2026-13-01T10:00:00Z", "2026-00-10T10:00:00Z", "2026-11-00T10:00:00Z",
                "2026-11-21T25:00:00Z", "2026-11-21T10:60:00Z", "2026-11-21T10:00:00.1234567890Z",
                "2026-11-21T1a:00:00Z", "2026-11-21 10:00:00Z", "２０２６-11-21T10:00:00Z", "2026-11-21T10:00:00.12a4Z",
                "-026-11-21T10:00:00Z")) {
            assertThrows(DateTimeParseException.class, () -> Instant.parse(text), text);
            assertThrows(DateTimeParseException.class, () -> UtcInstants.parse(text), text);
        }
    }
}
