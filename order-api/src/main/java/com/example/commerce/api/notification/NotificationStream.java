package com.example.commerce.api.notification;

import com.example.commerce.notifications.NotificationRepository;
import io.micronaut.context.annotation.Value;
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
 * process, so the stream polls the table for rows newer than the last one sent, every
 * {@code commerce.notification.stream-interval} (200 ms): one indexed query per connected client and interval.
 * Starts after the newest notification the user has when connecting (the list route shows the older ones).
 */
@Singleton
public class NotificationStream {

    private final NotificationRepository notifications;
    private final Duration interval;

    public NotificationStream(NotificationRepository notifications,
                              @Value("${commerce.notification.stream-interval:200ms}") Duration interval) {
        this.notifications = notifications;
        this.interval = interval;
    }

    /**
     * A {@code ready} event first (data {@code {"after": id}}: the response starts at once, and the client knows
     * from which notification on it is told), then each new notification, named by its type.
     */
    public Flux<Event<Object>> of(long userId) {
        return Flux.defer(() -> {
            long after = notifications.maxIdOf(userId);
            var last = new AtomicLong(after);
            Flux<Event<Object>> news = Flux.interval(interval, Schedulers.boundedElastic())
                    .onBackpressureDrop()
                    .concatMap(tick -> Flux.fromIterable(notifications.findNewer(userId, last.get())), 1)
                    .doOnNext(n -> last.set(Math.max(last.get(), n.id())))
                    .map(n -> Event.<Object>of(NotificationView.of(n)).id(String.valueOf(n.id())).name(n.type()));
            return Flux.concat(Flux.just(Event.<Object>of(Map.of("after", after)).name("ready")), news);
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
