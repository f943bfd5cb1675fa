package com.example.commerce.api.saga;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SagaStateRepository extends CrudRepository<SagaState, Long> {

    /** The saga row's progress, written by {@link #storeProgress} alone and by {@link #storeProgressAndEntry}. */
    String STORE_PROGRESS = """
            UPDATE order_sagas SET status = :status, stock_status = :stockStatus, shipment_status = :shipmentStatus,
                shipment_reference = :shipmentReference, step = :step, attempts = :attempts,
                next_attempt_at = :nextAttemptAt, last_error = :lastError, updated_at = now()
            WHERE order_id = :orderId""";

    /** The saga of an order placed before sagas existed is created when it is first needed. */
    @Query("INSERT INTO order_sagas (order_id, status) VALUES (:orderId, 'RUNNING') ON CONFLICT (order_id) DO NOTHING")
    int insertIfAbsent(long orderId);

    @Query("SELECT * FROM order_sagas WHERE order_id = :orderId FOR UPDATE")
    Optional<SagaState> findByIdForUpdate(long orderId);

    /**
     * The order's saga, with the order and the saga row locked in one statement (the order's row first, as every
     * transaction that changes both takes them); empty if the order has no saga (or does not exist).
     */
    @Query("""
            SELECT s.* FROM orders o JOIN order_sagas s ON s.order_id = o.id WHERE o.id = :orderId
            FOR UPDATE""")
    Optional<SagaState> lockWithItsOrder(long orderId);

    /**
     * The order's saga, locked; created first if the order has none yet. Looks before it inserts: inserting first
     * cost a statement on every saga event of every order (its saga exists from the order's creation on), one of
     * the six the saga consumer ran per event.
     */
    default SagaState lockOrCreate(long orderId) {
        return findByIdForUpdate(orderId).orElseGet(() -> {
            insertIfAbsent(orderId);
            return findByIdForUpdate(orderId).orElseThrow();
        });
    }

    @Query("SELECT * FROM order_sagas WHERE order_id IN (:orderIds)")
    List<SagaState> findSagasOf(Collection<Long> orderIds);

    /** The order's next payment event version; null if the order has no saga. */
    @Query("""
            UPDATE order_sagas SET payment_version = payment_version + 1, updated_at = now() WHERE order_id = :orderId
            RETURNING payment_version""")
    @Nullable
    Long bumpPaymentVersion(long orderId);

    /**
     * Claims compensation steps due by {@code now}: rows another instance holds are skipped; the caller moves their
     * next_attempt_at past the lease in the same transaction, so no other instance takes them meanwhile.
     */
    @Query("""
            SELECT * FROM order_sagas WHERE next_attempt_at <= :now AND status = 'COMPENSATING'
            ORDER BY next_attempt_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
    List<SagaState> claimDue(Instant now, int limit);

    @Query("UPDATE order_sagas SET next_attempt_at = :until WHERE order_id IN (:orderIds)")
    int lease(Collection<Long> orderIds, Instant until);

    /** A refund waiting for a payment's outcome is tried at the timer's next pass. */
    @Query("UPDATE order_sagas SET next_attempt_at = :now WHERE order_id = :orderId AND step = 'REFUND' AND status = 'COMPENSATING'")
    int refundDueNow(long orderId, Instant now);

    /**
     * Writes the saga's progress. payment_version is left out: payment events advance it on their own
     * ({@link #bumpPaymentVersion}), possibly after the caller read the row.
     */
    default void store(SagaState saga) {
        storeProgress(saga.orderId(), saga.status().name(), saga.stockStatus(), saga.shipmentStatus(),
                saga.shipmentReference(), saga.step(), saga.attempts(), saga.nextAttemptAt(), saga.lastError());
    }

    /**
     * {@link #store} and the history entry that records it, in one statement: one round trip instead of two for
     * each report the saga consumer records. Writes nothing if the order has no saga.
     *
     * @return the entry's id; null if nothing was written
     */
    @Query("WITH progress AS (" + STORE_PROGRESS + " RETURNING order_id) "
            + """
            INSERT INTO order_saga_steps (order_id, step, status, detail, occurred_at)
            SELECT order_id, :entryStep, :entryStatus, :entryDetail, :entryAt FROM progress
            RETURNING id""")
    @Nullable
    Long storeProgressAndEntry(long orderId, String status, @Nullable String stockStatus,
                               @Nullable String shipmentStatus, @Nullable String shipmentReference,
                               @Nullable String step, int attempts, @Nullable Instant nextAttemptAt,
                               @Nullable String lastError, String entryStep, String entryStatus,
                               @Nullable String entryDetail, Instant entryAt);

    @Query(STORE_PROGRESS)
    void storeProgress(long orderId, String status, @Nullable String stockStatus, @Nullable String shipmentStatus,
                       @Nullable String shipmentReference, @Nullable String step, int attempts,
                       @Nullable Instant nextAttemptAt, @Nullable String lastError);

    Page<SagaState> findByStatus(SagaStatus status, Pageable pageable);

    Page<SagaState> findAll(Pageable pageable);
}
