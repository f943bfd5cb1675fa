package com.example.commerce.api.notification;

import com.example.commerce.notifications.NotificationRepository;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.sse.Event;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A user's new notifications as Server-Sent Events, for as long as the client stays connected: whatever created
 * them (orders, payments, mentions). notification-fn writes notifications in another function, possibly another
 * process. The stream reads the table for rows newer than the last one sent when {@link NotificationWakeUps} says
 * the user has a new one (PostgreSQL LISTEN/NOTIFY, at commit), and on its own every
 * {@code commerce.notification.stream-fallback-interval} (2 s) in case a signal was lost. Without wake-ups
 * ({@code commerce.notification.stream-listen=false}) it polls every {@code commerce.notification.stream-interval}
 * (200 ms): one indexed query per connected client and interval. Starts after the newest notification the user has
 * when connecting (the list route shows the older ones).
 */
@Singleton
public class NotificationStream {

    private final NotificationRepository notifications;
    @Nullable
    private final NotificationWakeUps wakeUps;
    private final Duration pollInterval;
    private final Duration fallbackInterval;

    public NotificationStream(NotificationRepository notifications, @Nullable NotificationWakeUps wakeUps,
                              @Value("${commerce.notification.stream-interval:200ms}") Duration pollInterval,
                              @Value("${commerce.notification.stream-fallback-interval:2s}") Duration fallbackInterval) {
        this.notifications = notifications;
        this.wakeUps = wakeUps;
        this.pollInterval = pollInterval;
        this.fallbackInterval = fallbackInterval;
    }

    /**
     * A {@code ready} event first (data {@code {"after": id}}: the response starts at once, and the client knows
     * from which notification on it is told), then each new notification, named by its type.
     */
    public Flux<Event<Object>> of(long userId) {
        return Flux.defer(() -> {
            long after = notifications.maxIdOf(userId);
            var last = new AtomicLong(after);
            Flux<Event<Object>> news = lookups(userId)
                    .onBackpressureLatest() // a look that waits for the one in progress covers every later signal
                    .publishOn(Schedulers.boundedElastic(), 1)
                    .concatMap(signal -> Flux.fromIterable(notifications.findNewer(userId, last.get())), 1)
                    .doOnNext(n -> last.set(Math.max(last.get(), n.id())))
                    .map(n -> Event.<Object>of(NotificationView.of(n)).id(String.valueOf(n.id())).name(n.type()));
            return Flux.concat(Flux.just(Event.<Object>of(Map.of("after", after)).name("ready")), news);
        }).subscribeOn(Schedulers.boundedElastic());
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
