package com.example.commerce.notification;

import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.message.ChannelPayload;
import com.example.commerce.contract.message.MessageEventReader;
import com.example.commerce.contract.message.MessageEventType;
import com.example.commerce.contract.message.MessagePayload;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The MENTION notifications a platform.messages event asks for: one per member its message mentions (order-api kept
 * only members, never the author), for a posted message and for an edit; the database keeps at most one per user
 * and message, so an edit notifies only the members it newly mentions. Other channel events ask for none.
 */
@Singleton
public class MentionNotifications {

    /** The notification's type. */
    public static final String TYPE = "MENTION";
    private static final int EXCERPT = 100;

    /** One notification to create. {@code sourceId} is derived from the event and the user: the same on redelivery. */
    public record Mention(long userId, long channelId, long messageId, String message, UUID sourceId) {
    }

    private final MessageEventReader reader;

    public MentionNotifications(JsonMapper json) {
        this.reader = new MessageEventReader(json);
    }

    /**
     * @return the event's id and the mentions to notify (empty when it asks for none), or empty if its type is not
     * a platform.messages type
     * @throws MalformedEventException if the record can never be processed
     */
    public Optional<Mentions> parse(@Nullable byte[] value) {
        return reader.read(value).map(MentionNotifications::mentions);
    }

    /** An event and what it asks for. */
    public record Mentions(UUID eventId, List<Mention> mentions) {
    }

    private static Mentions mentions(ConsumedEvent<MessageEventType, ChannelPayload> event) {
        boolean posted = event.type() == MessageEventType.MESSAGE_CREATED
                || event.type() == MessageEventType.MESSAGE_UPDATED;
        if (!posted || !(event.payload() instanceof MessagePayload message)) {
            return new Mentions(event.eventId(), List.of());
        }
        String text = "You were mentioned in channel #" + message.channelId() + ": " + excerpt(message.content());
        return new Mentions(event.eventId(), message.mentions().stream().distinct()
                .map(userId -> new Mention(userId, message.channelId(), message.messageId(), text,
                        UUID.nameUUIDFromBytes((event.eventId() + ":" + userId).getBytes(StandardCharsets.UTF_8))))
                .toList());
    }

    private static String excerpt(String content) {
        if (content.codePointCount(0, content.length()) <= EXCERPT) {
            return content;
        }
        return content.substring(0, content.offsetByCodePoints(0, EXCERPT)) + "…";
    }
}
