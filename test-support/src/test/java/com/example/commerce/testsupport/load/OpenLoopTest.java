package com.example.commerce.testsupport.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenLoopTest {

    @Test
    void everyOperationIsStartedWithItsOwnDueInstantWhetherOrNotEarlierOnesFinished() {
        var dues = new ArrayList<Long>();
        var neverFinished = new ArrayList<CompletableFuture<Void>>();
        var started = new ArrayList<Long>();

        var schedule = OpenLoop.run(1_000, 20, Duration.ZERO, (index, due) -> {
            assertEquals(dues.size(), index);
            dues.add(due);
            started.add(System.nanoTime());
            var pending = new CompletableFuture<Void>(); // an answer that never comes holds up nothing
            neverFinished.add(pending);
            return pending;
        });

        assertEquals(20, schedule.started());
        for (int i = 1; i < dues.size(); i++) {
            assertEquals(1_000_000L, dues.get(i) - dues.get(i - 1), "due instants are 1/rate apart");
        }
        for (int i = 0; i < dues.size(); i++) {
            assertTrue(started.get(i) >= dues.get(i), "operation " + i + " started before it was due");
        }
    }

    @Test
    void anOperationThatThrowsDoesNotStopTheSchedule() {
        List<Integer> ran = new ArrayList<>();
        var schedule = OpenLoop.run(1_000, 5, Duration.ofSeconds(5), (index, due) -> {
            ran.add(index);
            if (index == 2) {
                throw new IllegalStateException("refused");
            }
            return CompletableFuture.completedFuture(null);
        });

        assertEquals(List.of(0, 1, 2, 3, 4), ran);
        assertEquals(5, schedule.started());
    }
}
