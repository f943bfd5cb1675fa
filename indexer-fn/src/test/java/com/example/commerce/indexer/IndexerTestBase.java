package com.example.commerce.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.example.commerce.testsupport.Sql;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import javax.sql.DataSource;

/** Tests of the indexer environment against the real (embedded) broker, database and Elasticsearch. */
abstract class IndexerTestBase {

    @Inject
    DataSource contextual;

    @Inject
    ElasticsearchClient elasticsearch;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    Sql sql;
    CatalogFixture catalog;

    @BeforeEach
    void connect() {
        sql = Sql.of(contextual);
        catalog = new CatalogFixture(bootstrapServers, sql.dataSource(), elasticsearch);
    }

    @AfterEach
    void disconnect() {
        catalog.close();
    }
}
