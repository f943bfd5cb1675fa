package com.example.commerce.testsupport.load;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressReporterFiguresTest {

    @Test
    void aLinePrintsTheBacklogAndLagItIsGiven() {
        var backlog = new AtomicLong(42);
        try (var progress = ProgressReporter.start("bench", ProgressReporter.EVERY,
                () -> new ProgressReporter.Figures(120, 118, backlog.get(), 17), line -> { })) {
            String line = progress.line("bench", () -> new ProgressReporter.Figures(120, 118, backlog.get(), 17));
            assertTrue(line.matches("\\[progress bench \\+\\d+s] sent=120 accepted=118 backlog=42 lag=17"), line);
            backlog.set(0);
            String next = progress.line("bench", () -> new ProgressReporter.Figures(130, 130, backlog.get(), 0));
            assertTrue(next.endsWith(" backlog=0 lag=0"), next);
        }
    }

    @Test
    void anUnreadableBacklogIsUnknownNotZero() {
        try (var figures = new PipelineFigures("127.0.0.1:1", () -> {
            throw new java.sql.SQLException("no database");
        }, group -> true)) {
            assertEquals(ProgressReporter.UNKNOWN, figures.backlog());
        }
    }
}
