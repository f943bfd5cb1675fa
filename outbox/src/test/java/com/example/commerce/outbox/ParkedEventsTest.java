package com.example.commerce.outbox;

import com.example.commerce.testsupport.Sql;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parked rows against the real (embedded) PostgreSQL: listed oldest first, and requeued by the relay's rules, so
 * that the relay's claim takes a requeued row and then the rows of its aggregate held back behind it.
 */
@MicronautTest(transactional = false)
class ParkedEventsTest {

    @Inject
    ParkedEvents parked;

    @Inject
    OutboxClaimRepository claims;

    @Inject
    TransactionOperations<Connection> transactions;

    @Inject
    DataSource contextual;

    Sql sql;
    String aggregateType;

    @BeforeEach
    void isolate() {
        sql = Sql.of(contextual);
        aggregateType = "Parked-" + UUID.randomUUID().toString().substring(0, 8);
        // Versions 1 to 3 of aggregates 1 and 2; version 1 of each failed for good.
        sql.execute("""
                INSERT INTO outbox (event_id, topic, aggregate_type, aggregate_id, aggregate_version, event_type,
                                    event, occurred_at)
                SELECT gen_random_uuid(), 'parked-test', ?, a::text, v, 'TEST_EVENT', '{}'::jsonb, now()
                FROM generate_series(1, 3) AS v, generate_series(1, 2) AS a ORDER BY v, a""", aggregateType);
        sql.execute("UPDATE outbox SET parked_at = now(), attempts = 10, next_attempt_at = now() + interval '1 hour', "
                + "last_error = 'RecordTooLargeException' WHERE aggregate_type = ? AND aggregate_version = 1",
                aggregateType);
    }

    @Test
    void parkedRowsAreListedOldestFirstWithTheirError() {
        List<ParkedEvent> mine = parked.list((int) parked.count(), 0).stream()
                .filter(e -> e.aggregateType().equals(aggregateType)).toList();

        assertEquals(List.of("1", "2"), mine.stream().map(ParkedEvent::aggregateId).toList());
        assertTrue(mine.stream().allMatch(e -> e.attempts() == 10 && e.parkedAt() != null
                && e.lastError().equals("RecordTooLargeException")));
        assertTrue(claimedVersions().isEmpty(), "nothing of either aggregate is claimable while parked");
    }

    @Test
    void aRequeuedRowIsClaimedAgainAndReleasesItsAggregate() {
        long first = sql.count("SELECT id FROM outbox WHERE aggregate_type = ? AND aggregate_id = '1' "
                + "AND aggregate_version = 1", aggregateType);

        assertTrue(parked.requeue(first));
        assertFalse(parked.requeue(first), "a row no longer parked is not requeued twice");

        assertEquals(1, sql.count("SELECT count(*) FROM outbox WHERE id = ? AND parked_at IS NULL AND attempts = 0 "
                + "AND next_attempt_at IS NULL AND last_error = 'RecordTooLargeException'", first));
        assertEquals(List.of("1:1", "1:2", "1:3"), claimedVersions(), "aggregate 2 stays behind its parked row");

        assertTrue(parked.requeueAll() >= 1);
        assertEquals(0, sql.count("SELECT count(*) FROM outbox WHERE aggregate_type = ? AND parked_at IS NOT NULL",
                aggregateType));
        assertEquals(List.of("1:1", "1:2", "1:3", "2:1", "2:2", "2:3"), claimedVersions());
    }

    /**
     * What the relay's claim would take of this test's rows now, as aggregate:version, sorted. Unbounded, so that
     * rows other tests left unpublished in the shared outbox cannot crowd this test's out; the claim changes
     * nothing, and its locks end with the transaction.
     */
    private List<String> claimedVersions() {
        return transactions.executeWrite(tx -> claims.claim(Integer.MAX_VALUE).stream()
                .filter(row -> row.aggregateType().equals(aggregateType))
                .map(row -> row.aggregateId() + ":" + row.aggregateVersion())
                .sorted()
                .toList());
    }
}
