package com.example.commerce.testsupport.load;

import com.example.commerce.testsupport.Eventually;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressReporterTest {

    @Test
    void printsTheRunsFiguresRepeatedlyUntilClosed() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        var sent = new AtomicLong();
        try (var progress = ProgressReporter.start("bench", Duration.ofMillis(20),
                () -> new ProgressReporter.Figures(sent.addAndGet(10), 7, 3, ProgressReporter.UNKNOWN), lines::add)) {
            Eventually.await("two progress lines", Duration.ofSeconds(10), () -> lines.size() >= 2);
        }
        assertTrue(lines.get(0).matches("\\[progress bench \\+\\d+s] sent=10 accepted=7 backlog=3 lag=-"),
                lines.get(0));
        assertTrue(lines.get(1).contains("sent=20 "), lines.get(1));
    }
}
