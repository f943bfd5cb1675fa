package com.example.commerce.relay;

import com.example.commerce.outbox.OutboxClaimRepository;
import com.example.commerce.outbox.OutboxRow;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Claims a batch of due rows with {@code FOR UPDATE SKIP LOCKED} and keeps, per aggregate, the rows that can be sent
 * without overtaking an older unpublished event of their aggregate. Runs inside the pass's transaction, which holds
 * the claim's locks until it commits.
 */
final class BatchClaim {

    private final OutboxClaimRepository outbox;
    private final int batchSize;

    BatchClaim(OutboxClaimRepository outbox, int batchSize) {
        this.outbox = outbox;
        this.batchSize = batchSize;
    }

    /** @param statementBound how long each statement of the pass may run: the time the pass has left */
    ClaimedBatch claim(Duration statementBound) {
        outbox.preparePass(statementBound.toMillis() + "ms");
        List<OutboxRow> claimed = outbox.claim(batchSize);
        if (claimed.isEmpty()) {
            return new ClaimedBatch(0, new LinkedHashMap<>());
        }
        var heldBack = new HashSet<>(outbox.heldBack(claimed.stream().map(OutboxRow::id).toList()));
        var sendable = new LinkedHashMap<String, Deque<OutboxRow>>();
        for (OutboxRow row : claimed) {
            if (!heldBack.contains(row.id())) {
                sendable.computeIfAbsent(aggregateOf(row), k -> new ArrayDeque<>()).addLast(row);
            }
        }
        return new ClaimedBatch(claimed.size(), sendable);
    }

    static String aggregateOf(OutboxRow row) {
        return row.aggregateType() + ":" + row.aggregateId();
    }
}
