package com.example.commerce.relay;

import com.example.commerce.outbox.OutboxRow;

import java.util.Deque;
import java.util.Map;

/**
 * A pass's claimed rows: how many were claimed, and those that may be sent now, per aggregate in version order.
 *
 * @param claimed   rows locked by the claim, sendable or not
 * @param sendable  rows with no older unpublished event of their aggregate outside the batch, keyed by
 *                  {@link BatchClaim#aggregateOf(OutboxRow)}, in claim order
 */
record ClaimedBatch(int claimed, Map<String, Deque<OutboxRow>> sendable) {
}
