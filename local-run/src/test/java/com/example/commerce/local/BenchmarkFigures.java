package com.example.commerce.local;

import com.example.commerce.testsupport.load.PipelineFigures;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;

import javax.sql.DataSource;

/** The pipeline's figures (outbox backlog, lag of every consumer group) for the benchmarks' progress lines. */
final class BenchmarkFigures {

    private BenchmarkFigures() {
    }

    /** Read outside any transaction of the application: the raw pool under Micronaut's connection advice. */
    static PipelineFigures of(String bootstrapServers, DataSource dataSource) {
        DataSource database = DelegatingDataSource.unwrapDataSource(dataSource);
        return new PipelineFigures(bootstrapServers, database::getConnection, group -> true);
    }
}
