package com.example.commerce.api.notification;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.notifications.Notification;
import com.example.commerce.notifications.NotificationRepository;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.sse.Event;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A user's new notifications as Server-Sent Events, for as long as the client stays connected: whatever created
 * them (orders, payments, mentions). notification-fn writes notifications in another function, possibly another
 * process. The stream reads the table for rows newer than the last one sent when {@link NotificationWakeUps} says
 * the user has a new one (PostgreSQL LISTEN/NOTIFY, at commit), and on its own every
 * {@code commerce.notification.stream-fallback-interval} (2 s) in case a signal was lost. Without wake-ups
 * ({@code commerce.notification.stream-listen=false}) it polls every {@code commerce.notification.stream-interval}
 * (200 ms): one indexed query per connected client and interval. Starts after the newest notification the user has
 * when connecting (the list route shows the older ones).
 *
 * <p>Notification ids are taken when a row is inserted, not when its transaction commits: a notification can become
 * visible after a newer one of the same user was told (two notification-fn instances, or a batch and a single
 * insert). So a look reads the notifications after the newest one told and also those created by transactions that
 * were still in progress at the previous look, and tells each notification once ({@link Position}).
 */
@Singleton
public class NotificationStream {

    private final NotificationRepository notifications;
    @Nullable
    private final NotificationWakeUps wakeUps;
    private final Duration pollInterval;
    private final Duration fallbackInterval;
    private final int maxPerUser;
    private final int maxStreams;
    private final Map<Long, Integer> openPerUser = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    public NotificationStream(NotificationRepository notifications, @Nullable NotificationWakeUps wakeUps,
                              @Value("${commerce.notification.stream-interval:200ms}") Duration pollInterval,
                              @Value("${commerce.notification.stream-fallback-interval:2s}") Duration fallbackInterval,
                              @Value("${commerce.notification.stream-max-per-user:5}") int maxPerUser,
                              @Value("${commerce.notification.stream-max:1000}") int maxStreams) {
        this.notifications = notifications;
        this.wakeUps = wakeUps;
        this.pollInterval = pollInterval;
        this.fallbackInterval = fallbackInterval;
        this.maxPerUser = maxPerUser;
        this.maxStreams = maxStreams;
    }

    /**
     * A {@code ready} event first (data {@code {"after": id}}: the response starts at once, and the client knows
     * from which notification on it is told), then each new notification, named by its type, until {@code until}
     * (the caller's token's expiry; null: while the client stays). Every open stream looks at the database, so this
     * instance holds at most {@code commerce.notification.stream-max-per-user} (5) per user and
     * {@code commerce.notification.stream-max} (1,000) in all; past either, 429 {@code too-many-streams}.
     */
    public Flux<Event<Object>> of(long userId, @Nullable Instant until) {
        reserve(userId);
        Flux<Event<Object>> events = of(userId);
        if (until != null) {
            Duration left = Duration.between(Instant.now(), until);
            events = left.isNegative() || left.isZero() ? Flux.empty() : events.take(left);
        }
        return events.doFinally(signal -> release(userId));
    }

    /** Takes a place for one more stream of the user, or refuses it. */
    private void reserve(long userId) {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            throw ApiException.tooManyRequests("too-many-streams", "this server holds as many streams as it can",
                    Map.of("scope", "server", "limit", maxStreams));
        }
        boolean[] refused = {false};
        openPerUser.compute(userId, (id, count) -> {
            int now = count == null ? 0 : count;
            refused[0] = now >= maxPerUser;
            return refused[0] ? count : now + 1;
        });
        if (refused[0]) {
            open.decrementAndGet();
            throw ApiException.tooManyRequests("too-many-streams", "at most " + maxPerUser
                    + " notification streams per user at a time", Map.of("scope", "user", "limit", maxPerUser));
        }
    }

    private void release(long userId) {
        openPerUser.computeIfPresent(userId, (id, count) -> count <= 1 ? null : count - 1);
        open.decrementAndGet();
    }

    /** How many streams this instance holds: all of them, or the user's. */
    int openStreams(@Nullable Long userId) {
        return userId == null ? open.get() : openPerUser.getOrDefault(userId, 0);
    }

    private Flux<Event<Object>> of(long userId) {
        return Flux.defer(() -> {
            var position = Position.start(notifications, userId);
            Flux<Event<Object>> news = lookups(userId)
                    .onBackpressureLatest() // a look that waits for the one in progress covers every later signal
                    .publishOn(Schedulers.boundedElastic(), 1)
                    .concatMap(signal -> Flux.fromIterable(position.next()), 1)
                    .map(n -> Event.<Object>of(NotificationView.of(n)).id(String.valueOf(n.id())).name(n.type()));
            return Flux.concat(Flux.just(Event.<Object>of(Map.of("after", position.after)).name("ready")), news);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * What one stream has told. A look at time k reads the rows after {@code after} and those created by transactions
     * from {@code horizon} on, the oldest transaction in progress just before look k-1: a row that was not yet
     * visible at look k-1 belonged to a transaction in progress then, so look k finds it. Of those rows, the ones
     * already told are in {@code told}; a told row that a look no longer returns never comes back (the horizon and
     * {@code after} only grow), so {@code told} keeps only what the last look returned. Used by one look at a time.
     */
    static final class Position {

        private final NotificationRepository notifications;
        private final long userId;
        private long after;
        private String horizon;
        private Set<Long> told;

        private Position(NotificationRepository notifications, long userId, long after, String horizon,
                         Set<Long> told) {
            this.notifications = notifications;
            this.userId = userId;
            this.after = after;
            this.horizon = horizon;
            this.told = told;
        }

        static Position start(NotificationRepository notifications, long userId) {
            String horizon = notifications.transactionHorizon();
            // One snapshot: everything visible in it existed before the stream; what it cannot see yet comes from a
            // transaction in progress, at or after the horizon.
            List<Long> existing = notifications.streamStart(userId, horizon);
            long after = existing.stream().mapToLong(Long::longValue).max().orElse(0);
            return new Position(notifications, userId, after, horizon, new HashSet<>(existing));
        }

        /** The notifications not told yet, oldest first. */
        List<Notification> next() {
            String nextHorizon = notifications.transactionHorizon();
            List<Notification> rows = notifications.findNewer(userId, after, horizon);
            List<Notification> untold = rows.stream().filter(n -> !told.contains(n.id())).toList();
            Set<Long> returned = new HashSet<>();
            rows.forEach(n -> returned.add(n.id()));
            if (rows.size() < NotificationRepository.NEWER_LIMIT) {
                told = returned;
            } else { // a full page: what it left out may still come back
                told.addAll(returned);
            }
            rows.forEach(n -> after = Math.max(after, n.id()));
            horizon = nextHorizon;
            return untold;
        }
    }

    /** When to look for new rows: on each wake-up and on the fallback timer, or on the poll timer alone. */
    private Flux<Object> lookups(long userId) {
        if (wakeUps == null) {
            return Flux.interval(pollInterval, Schedulers.parallel()).cast(Object.class);
        }
        // One look right after subscribing to the wake-ups covers what was committed since the ready event.
        return Flux.merge(Flux.just(Boolean.TRUE), wakeUps.of(userId),
                Flux.interval(fallbackInterval, fallbackInterval, Schedulers.parallel()));
    }
}
