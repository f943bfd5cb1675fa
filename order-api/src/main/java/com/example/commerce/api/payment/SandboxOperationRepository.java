package com.example.commerce.api.payment;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.util.Optional;

@JdbcRepository(dialect = Dialect.POSTGRES)
interface SandboxOperationRepository extends GenericRepository<SandboxOperation, String> {

    /** @return 1 if recorded, 0 if the key was already used (its first result stands) */
    @Query("""
            INSERT INTO sandbox_gateway_operations (idempotency_key, kind, token, amount, outcome, reference, attempts)
            VALUES (:key, :kind, :token, :amount, :outcome, :reference, 1) ON CONFLICT (idempotency_key) DO NOTHING""")
    int insertIfAbsent(String key, String kind, String token, long amount, String outcome,
                       @Nullable String reference);

    @Query("SELECT * FROM sandbox_gateway_operations WHERE idempotency_key = :key")
    Optional<SandboxOperation> find(String key);

    @Query("SELECT * FROM sandbox_gateway_operations WHERE idempotency_key = :key FOR UPDATE")
    Optional<SandboxOperation> findForUpdate(String key);

    @Query("SELECT * FROM sandbox_gateway_operations WHERE kind = 'CHARGE' AND reference = :reference")
    Optional<SandboxOperation> findCharge(String reference);

    @Query("""
            UPDATE sandbox_gateway_operations SET outcome = :outcome, reference = :reference, attempts = attempts + 1
            WHERE idempotency_key = :key""")
    int retried(String key, String outcome, @Nullable String reference);
}
