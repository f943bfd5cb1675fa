package com.example.commerce.consumer;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Which records of a delivery a consumer takes when some are dead letters replayed for a consumer. */
class ReplayedDeadLettersTest {

    private static IncomingEvent event(long offset, String replayFor) {
        Map<String, byte[]> headers = replayFor == null ? Map.of()
                : Map.of(ReplayedDeadLetters.FOR, replayFor.getBytes(StandardCharsets.UTF_8));
        return new IncomingEvent("order-events", 0, offset, null, "{}".getBytes(StandardCharsets.UTF_8), headers);
    }

    @Test
    void aServiceOfSeveralConsumersTakesWhatIsReplayedForAnyOfThem() {
        var batch = List.of(event(1, null), event(2, "search-indexer"), event(3, "notification-service"),
                event(4, "message-indexer"));

        assertEquals(List.of(1L, 2L, 4L), ReplayedDeadLetters.forAny(batch, Set.of("search-indexer", "message-indexer"))
                .stream().map(IncomingEvent::offset).toList());
        assertEquals(List.of(1L, 3L), ReplayedDeadLetters.forAny(batch, Set.of("notification-service")).stream()
                .map(IncomingEvent::offset).toList());
        var plain = List.of(event(5, null));
        assertSame(plain, ReplayedDeadLetters.forAny(plain, Set.of("anyone")), "no replay: the delivery as it is");
    }
}
