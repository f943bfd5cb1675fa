package com.example.commerce.api.saga;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Collection;
import java.util.List;

@JdbcRepository(dialect = Dialect.POSTGRES)
public interface SagaStepRepository extends CrudRepository<SagaStep, Long> {

    /** The history of several orders, oldest first within each. */
    @Query("SELECT * FROM order_saga_steps WHERE order_id IN (:orderIds) ORDER BY order_id, id")
    List<SagaStep> findStepsOf(Collection<Long> orderIds);
}
