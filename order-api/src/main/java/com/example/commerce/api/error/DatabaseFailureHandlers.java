package com.example.commerce.api.error;

import io.micronaut.context.annotation.Value;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.annotation.Produces;
import io.micronaut.transaction.exceptions.TransactionException;
import jakarta.inject.Singleton;

import java.time.Duration;

/** {@link DatabaseFailureHandler} for each exception type through which the data layer reports a failed database. */
final class DatabaseFailureHandlers {

    private DatabaseFailureHandlers() {
    }

    /** A failed statement, or a connection lost during one. */
    @Singleton
    @Produces(Problem.CONTENT_TYPE)
    static class DataAccess extends DatabaseFailureHandler<DataAccessException> {
        DataAccess(ProblemRenderer problems, @Value("${commerce.api.database-retry-after:2s}") Duration retryAfter) {
            super(problems, retryAfter);
        }
    }

    /** No connection from the pool (the connection time-out passed). */
    @Singleton
    @Produces(Problem.CONTENT_TYPE)
    static class Connection extends DatabaseFailureHandler<ConnectionException> {
        Connection(ProblemRenderer problems, @Value("${commerce.api.database-retry-after:2s}") Duration retryAfter) {
            super(problems, retryAfter);
        }
    }

    /** No connection from the pool, as the JDBC connection manager reports it. */
    @Singleton
    @Produces(Problem.CONTENT_TYPE)
    static class JdbcConnection extends DatabaseFailureHandler<CannotGetJdbcConnectionException> {
        JdbcConnection(ProblemRenderer problems,
                       @Value("${commerce.api.database-retry-after:2s}") Duration retryAfter) {
            super(problems, retryAfter);
        }
    }

    /** A transaction that could not begin, commit or roll back. */
    @Singleton
    @Produces(Problem.CONTENT_TYPE)
    static class Transaction extends DatabaseFailureHandler<TransactionException> {
        Transaction(ProblemRenderer problems, @Value("${commerce.api.database-retry-after:2s}") Duration retryAfter) {
            super(problems, retryAfter);
        }
    }
}
