package com.example.commerce.contract.message;

import com.example.commerce.contract.ConsumedEvent;
import com.example.commerce.contract.EventReader;
import com.example.commerce.contract.MalformedEventException;
import com.example.commerce.contract.Upcaster;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.example.commerce.contract.EventJson.integer;
import static com.example.commerce.contract.EventJson.text;
import static com.example.commerce.contract.EventReader.instant;
import static com.example.commerce.contract.EventReader.optionalInstant;
import static com.example.commerce.contract.EventReader.optionalString;

/** Reads the records of topic platform.messages (see {@link EventReader} for what it tolerates). */
public final class MessageEventReader {

    /** Upcasters of channel events: none yet, every type is at version 1. */
    public static final List<Upcaster> UPCASTERS = List.of();

    private final EventReader<MessageEventType, ChannelPayload> reader;

    public MessageEventReader(JsonMapper json) {
        this.reader = new EventReader<>(json, List.of(MessageEventType.values()), UPCASTERS,
                MessageEventReader::payload);
    }

    /**
     * @return the event, or empty if its type is not a platform.messages event type
     * @throws MalformedEventException if the record can never be read
     */
    public Optional<ConsumedEvent<MessageEventType, ChannelPayload>> read(@Nullable byte[] value) {
        return reader.read(value);
    }

    private static ChannelPayload payload(MessageEventType type, JsonNode payload) {
        if (!type.isMessage()) {
            return new MemberPayload(integer(payload, "channelId", 1), integer(payload, "userId", 1));
        }
        long messageId = integer(payload, "messageId", 1);
        long channelId = integer(payload, "channelId", 1);
        long authorId = integer(payload, "authorId", 1);
        String content = optionalString(payload, "content");
        if (content == null && type != MessageEventType.MESSAGE_DELETED) {
            throw new MalformedEventException("content is missing");
        }
        var mentions = new ArrayList<Long>();
        for (JsonNode mention : array(payload, "mentions")) {
            if (!mention.isNumber()) {
                throw new MalformedEventException("a mention is not a user id");
            }
            Number id = mention.getNumberValue();
            if (!(id instanceof Integer || id instanceof Long) || id.longValue() < 1) {
                throw new MalformedEventException("a mention is not a user id: " + id);
            }
            mentions.add(id.longValue());
        }
        var attachments = new ArrayList<MessagePayload.Attachment>();
        for (JsonNode attachment : array(payload, "attachments")) {
            if (!attachment.isObject()) {
                throw new MalformedEventException("an attachment is not an object");
            }
            attachments.add(new MessagePayload.Attachment(text(attachment, "name"),
                    integer(attachment, "size", 0), text(attachment, "contentType"), text(attachment, "url")));
        }
        return new MessagePayload(messageId, channelId, authorId, content, List.copyOf(mentions),
                List.copyOf(attachments), instant(payload, "createdAt"), optionalInstant(payload, "editedAt"));
    }

    /** An array field; absent or null is empty (a deleted message has neither mentions nor attachments). */
    private static List<JsonNode> array(JsonNode payload, String field) {
        JsonNode node = payload.get(field);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new MalformedEventException(field + " is not an array");
        }
        var elements = new ArrayList<JsonNode>();
        node.values().forEach(elements::add);
        return elements;
    }
}
