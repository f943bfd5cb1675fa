package com.example.commerce.contract.message;

import com.example.commerce.contract.EventFamily;
import com.example.commerce.contract.EventType;
import com.example.commerce.contract.Topics;

import java.util.Optional;

/**
 * The event types of topic platform.messages, written by order-api's channels and messages. Every one is about a
 * channel (aggregate {@value #AGGREGATE_TYPE}, keyed by channel id, its version growing with every event of the
 * channel), so a channel's messages and members change in one order for every consumer. Messages carry a
 * {@link MessagePayload}, members a {@link MemberPayload}.
 */
public enum MessageEventType implements EventType {

    /** A message was posted. */
    MESSAGE_CREATED,
    /** Its author edited the message: the payload is the message after the edit. */
    MESSAGE_UPDATED,
    /** Its author or the channel's owner deleted the message: content null, mentions and attachments empty. */
    MESSAGE_DELETED,
    /** A user became a member of the channel (its creator, someone who joined, or someone the owner added). */
    CHANNEL_MEMBER_ADDED,
    /** A member left the channel or the owner removed them. */
    CHANNEL_MEMBER_REMOVED;

    public static final String AGGREGATE_TYPE = "Channel";
    private static final EventFamily FAMILY = new EventFamily(Topics.MESSAGES, AGGREGATE_TYPE);

    @Override
    public EventFamily family() {
        return FAMILY;
    }

    /** Whether the payload is a {@link MessagePayload} (else a {@link MemberPayload}). */
    public boolean isMessage() {
        return this == MESSAGE_CREATED || this == MESSAGE_UPDATED || this == MESSAGE_DELETED;
    }

    /** The type named by an envelope's eventType, or empty if the topic has no such type. */
    public static Optional<MessageEventType> named(String eventType) {
        return EventType.named(MessageEventType.class, eventType);
    }
}
