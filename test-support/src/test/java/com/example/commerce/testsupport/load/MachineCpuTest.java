package com.example.commerce.testsupport.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineCpuTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void busyWorkIsCountedAndTheSummaryDividesItByTheOperations() {
        MachineCpu before = MachineCpu.now().orElseThrow();
        long deadline = System.nanoTime() + 300_000_000L;
        long spin = 0;
        while (System.nanoTime() < deadline) {
            spin++;
        }
        MachineCpu after = MachineCpu.now().orElseThrow();

        double seconds = after.secondsSince(before);
        assertTrue(seconds >= 0.2 && seconds < 30, seconds + " CPU-s for 0.3 s of spinning (" + spin + ")");
        String summary = MachineCpu.summary(Optional.of(before), Optional.of(after), 10, "spin");
        assertTrue(summary.matches("machine CPU \\(all processes, /proc/stat\\): [0-9.]+ CPU-s, [0-9.]+ ms per spin"),
                summary);
        assertTrue(MachineCpu.summary(Optional.empty(), Optional.of(after), 10, "spin").contains("not measured"));
    }
}
