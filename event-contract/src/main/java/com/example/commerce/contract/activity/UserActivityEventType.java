package com.example.commerce.contract.activity;

import com.example.commerce.contract.EventFamily;
import com.example.commerce.contract.EventType;
import com.example.commerce.contract.Topics;

import java.util.Optional;

/**
 * The event types of topic platform.users.activity, written by order-api: what a user did, keyed by user id
 * (aggregate type {@value #AGGREGATE_TYPE}). An activity is a fact to count, not a change of an aggregate's state:
 * {@code aggregateVersion} is a number of the database sequence {@code user_activity_versions}, unique and growing
 * but not by one per user; consumers count each event once by its eventId. Every type carries an
 * {@link ActivityPayload}.
 */
public enum UserActivityEventType implements EventType {

    /** The user logged in (a successful log-in only). */
    USER_LOGGED_IN,
    /** The user became a member of a channel: joined a public one, or was added by its owner (not its creation). */
    CHANNEL_JOINED,
    /** The user posted a message. */
    MESSAGE_POSTED;

    public static final String AGGREGATE_TYPE = "UserActivity";
    private static final EventFamily FAMILY = new EventFamily(Topics.USER_ACTIVITY, AGGREGATE_TYPE);

    @Override
    public EventFamily family() {
        return FAMILY;
    }

    /** The type named by an envelope's eventType, or empty if the topic has no such type. */
    public static Optional<UserActivityEventType> named(String eventType) {
        return EventType.named(UserActivityEventType.class, eventType);
    }
}
