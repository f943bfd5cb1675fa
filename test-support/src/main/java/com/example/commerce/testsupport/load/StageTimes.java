package com.example.commerce.testsupport.load;

import com.example.commerce.testsupport.Sql;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an event-driven pipeline's time went, per order, read from the outbox after a run: each event's row says
 * when the transaction that wrote it began ({@code created_at}) and when the relay marked it published
 * ({@code published_at}). A stage "relay of E" is E's publication less its writing; a stage "A → B" is B's writing
 * less A's publication, i.e. Kafka, the consumer's queue and its work until its transaction began. Each stage gets
 * an HdrHistogram of its own ({@link Latencies}): the stage whose tail is long is where orders queue.
 */
public final class StageTimes {

    /** A stage: {@code to}'s row written (or, for a relay stage, published) after {@code from}'s row published. */
    public record Stage(String name, String from, String to, boolean relay) {

        /** The relay's part of event type {@code type}: written → published. */
        public static Stage relayOf(String type) {
            return new Stage("relay " + type, type, type, true);
        }

        /** A consumer's part: {@code from} published → {@code to} written. */
        public static Stage consumer(String name, String from, String to) {
            return new Stage(name + " (" + from + " published -> " + to + " written)", from, to, false);
        }
    }

    /** When an event's row was written, and when it was published (null: not yet). */
    private record Times(Instant written, Instant published) {
    }

    private StageTimes() {
    }

    /**
     * The stages' distributions over the events of {@code topics} whose aggregate id is one of {@code aggregateIds}
     * (an order's saga events are all keyed by its id); an aggregate that lacks either event of a stage is left out
     * of it.
     */
    public static List<Latencies> of(Sql sql, List<String> topics, Long[] aggregateIds, List<Stage> stages) {
        var rows = new HashMap<String, Map<String, Times>>();
        String[] ids = Arrays.stream(aggregateIds).map(String::valueOf).toArray(String[]::new);
        sql.list("SELECT aggregate_id, event_type, created_at, published_at FROM outbox "
                + "WHERE topic = ANY (?) AND aggregate_id = ANY (?)", row -> {
                    var published = row.getTimestamp(4);
                    rows.computeIfAbsent(row.getString(1), id -> new HashMap<>())
                            .putIfAbsent(row.getString(2), new Times(row.getTimestamp(3).toInstant(),
                                    published == null ? null : published.toInstant()));
                    return null;
                }, topics.toArray(String[]::new), ids);
        var figures = new ArrayList<Latencies>();
        for (Stage stage : stages) {
            var latencies = new Latencies(stage.name());
            for (Map<String, Times> events : rows.values()) {
                Times from = events.get(stage.from());
                Times to = events.get(stage.to());
                if (from == null || to == null || from.published() == null
                        || (stage.relay() && to.published() == null)) {
                    continue;
                }
                Instant start = stage.relay() ? from.written() : from.published();
                Instant end = stage.relay() ? to.published() : to.written();
                latencies.recordNanos(Duration.between(start, end).toNanos());
            }
            figures.add(latencies);
        }
        return figures;
    }
}
