package com.example.commerce.api.admin;

import com.example.commerce.outbox.OutboxClaimRepository;
import com.example.commerce.outbox.PublishedInterval;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events published per second over the last 15 minutes, for the console's outbox page: counted from the outbox
 * rows' {@code published_at} (the relay stamps it when the broker has acknowledged the batch), per 30 s interval.
 * From the database rather than from the relay's counter, so that every order-api instance, on Lambda too, shows
 * the same figures whichever relay instance published. Published rows are kept for the relay's retention (7 days),
 * far longer than the window.
 */
@Controller("/api/admin/outbox/publish-rate")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
public class OutboxPublishRateController {

    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int INTERVAL_SECONDS = 30;

    private final OutboxClaimRepository outbox;

    public OutboxPublishRateController(OutboxClaimRepository outbox) {
        this.outbox = outbox;
    }

    /** One interval: its start and the events published per second in it (the current one: so far). */
    @Serdeable
    public record Point(Instant at, long published, double perSecond) {
    }

    /** Every interval of the window, oldest first, those without a published event at 0. */
    @Serdeable
    public record PublishRateView(int intervalSeconds, Instant until, List<Point> points) {
    }

    @Get
    public PublishRateView publishRate() {
        Instant now = Instant.now();
        long first = Math.floorDiv(now.minus(WINDOW).getEpochSecond(), INTERVAL_SECONDS) * INTERVAL_SECONDS;
        Map<Long, Long> published = new HashMap<>();
        for (PublishedInterval interval : outbox.publishedSince(Instant.ofEpochSecond(first), INTERVAL_SECONDS)) {
            published.put(interval.intervalStart().getEpochSecond(), interval.published());
        }
        var points = new ArrayList<Point>();
        for (long start = first; start <= now.getEpochSecond(); start += INTERVAL_SECONDS) {
            long count = published.getOrDefault(start, 0L);
            double seconds = Math.max(1.0, Math.min(INTERVAL_SECONDS,
                    (now.toEpochMilli() - start * 1000.0) / 1000.0));
            points.add(new Point(Instant.ofEpochSecond(start), count, count / seconds));
        }
        return new PublishRateView(INTERVAL_SECONDS, now, points);
    }
}
