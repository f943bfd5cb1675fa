package com.example.commerce.contract.notification;

import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.EventReader;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.Upcaster;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.util.List;
import java.util.Optional;

import static com.example.commerce.contract.EventJson.integer;
import static com.example.commerce.contract.EventJson.text;
import static com.example.commerce.contract.EventReader.instant;
import static com.example.commerce.contract.EventReader.optionalLong;

/** Reads the records of topic platform.notifications.sent (see {@link EventReader} for what it tolerates). */
public final class NotificationEventReader {

    /** Upcasters of notification events: none yet, the type is at version 1. */
    public static final List<Upcaster> UPCASTERS = List.of();

    private final EventReader<NotificationEventType, NotificationSentPayload> reader;

    public NotificationEventReader(JsonMapper json) {
        this.reader = new EventReader<>(json, List.of(NotificationEventType.values()), UPCASTERS,
                (type, payload) -> payload(payload));
    }

    /**
     * @return the event, or empty if its type is not a platform.notifications.sent event type
     * @throws MalformedEventException if the record can never be read
     */
    public Optional<ConsumedEvent<NotificationEventType, NotificationSentPayload>> read(@Nullable byte[] value) {
        return reader.read(value);
    }

    private static NotificationSentPayload payload(JsonNode payload) {
        return new NotificationSentPayload(integer(payload, "notificationId", 1), integer(payload, "userId", 1),
                text(payload, "type"), optionalLong(payload, "orderId", 1), optionalLong(payload, "channelId", 1),
                optionalLong(payload, "messageId", 1), instant(payload, "createdAt"));
    }
}
