package com.example.commerce.contract.activity;

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
import static com.example.commerce.contract.EventReader.instant;
import static com.example.commerce.contract.EventReader.optionalLong;

/** Reads the records of topic platform.users.activity (see {@link EventReader} for what it tolerates). */
public final class UserActivityEventReader {

    /** Upcasters of activity events: none yet, every type is at version 1. */
    public static final List<Upcaster> UPCASTERS = List.of();

    private final EventReader<UserActivityEventType, ActivityPayload> reader;

    public UserActivityEventReader(JsonMapper json) {
        this.reader = new EventReader<>(json, List.of(UserActivityEventType.values()), UPCASTERS,
                UserActivityEventReader::payload);
    }

    /**
     * @return the event, or empty if its type is not a platform.users.activity event type
     * @throws MalformedEventException if the record can never be read
     */
    public Optional<ConsumedEvent<UserActivityEventType, ActivityPayload>> read(@Nullable byte[] value) {
        return reader.read(value);
    }

    private static ActivityPayload payload(UserActivityEventType type, JsonNode payload) {
        long userId = integer(payload, "userId", 1);
        var occurredAt = instant(payload, "occurredAt");
        Long channelId = optionalLong(payload, "channelId", 1);
        Long messageId = optionalLong(payload, "messageId", 1);
        if (type != UserActivityEventType.USER_LOGGED_IN && channelId == null) {
            throw new MalformedEventException("channelId is missing");
        }
        if (type == UserActivityEventType.MESSAGE_POSTED && messageId == null) {
            throw new MalformedEventException("messageId is missing");
        }
        return new ActivityPayload(userId, occurredAt, channelId, messageId);
    }
}
