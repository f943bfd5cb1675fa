package com.example.commerce.api.deadletter;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

/** The audit of dead-letter replays and discards, and each record's state (migration V15). */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface DeadLetterActionRepository extends CrudRepository<DeadLetterAction, Long> {

    /**
     * Records one more replay, unless the record was discarded: 0 then. Locks the record's state row until the
     * transaction ends, so a concurrent discard waits for the replay and the other way round.
     */
    @Query("""
            INSERT INTO dead_letter_states (dlq_topic, dlq_partition, dlq_offset, status, replays, updated_by)
            VALUES (:topic, :partition, :offset, 'REPLAYED', 1, :actor)
            ON CONFLICT (dlq_topic, dlq_partition, dlq_offset) DO UPDATE
                SET replays = dead_letter_states.replays + 1, updated_by = :actor, updated_at = now()
                WHERE dead_letter_states.status <> 'DISCARDED'""")
    int recordReplay(String topic, int partition, long offset, String actor);

    /** Marks the record discarded, unless it already is: 0 then. Locks its state row as above. */
    @Query("""
            INSERT INTO dead_letter_states (dlq_topic, dlq_partition, dlq_offset, status, replays, updated_by)
            VALUES (:topic, :partition, :offset, 'DISCARDED', 0, :actor)
            ON CONFLICT (dlq_topic, dlq_partition, dlq_offset) DO UPDATE
                SET status = 'DISCARDED', updated_by = :actor, updated_at = now()
                WHERE dead_letter_states.status <> 'DISCARDED'""")
    int recordDiscard(String topic, int partition, long offset, String actor);

    /** The states of a topic's records with offsets in the range (of any partition; the caller picks). */
    @Query("""
            SELECT dlq_partition, dlq_offset, status, replays, updated_by, updated_at FROM dead_letter_states
            WHERE dlq_topic = :topic AND dlq_offset BETWEEN :fromOffset AND :toOffset""")
    List<DeadLetterState> states(String topic, long fromOffset, long toOffset);
}
