package com.example.commerce.contract;

/**
 * What the event types of one topic share: the topic, and the type of aggregate they are about (its id is the
 * record key).
 */
public record EventFamily(String topic, String aggregateType) {
}
