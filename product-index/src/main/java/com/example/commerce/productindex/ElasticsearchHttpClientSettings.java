package com.example.commerce.productindex;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;

/**
 * Settings of the HTTP client under the functions' Elasticsearch client (micronaut-elasticsearch creates the
 * builder; {@code ElasticsearchApi} builds the client from it).
 *
 * <p>Connections: micronaut-elasticsearch hands Elasticsearch's {@code RestClientBuilder} a builder of its own in
 * place of the one the rest client prepares, and with it drops the rest client's pool sizes (10 connections per
 * node, 30 in all): Apache's defaults applied instead, 2 per node and 20 in all, so every search and every bulk
 * write of a process shared two connections. The sizes are set here again ({@code commerce.search.http.*}).
 *
 * <p>No authentication cache: Elasticsearch's {@code RestClient} puts a Basic scheme for every host into an
 * authentication cache, and Apache HttpClient's {@code BasicAuthCache} keeps each scheme Java-serialised and
 * deserialises it again on every request, class lookups included. That was a ninth of the application's CPU per
 * product search (BENCHMARKS.md, "Highlighting from the postings"). The cache only serves preemptive Basic
 * authentication, and this platform sends no credentials to Elasticsearch (the cluster sits in the functions' VPC);
 * a deployment that adds Basic credentials must drop this setting, or each request would first be refused.
 */
@Singleton
public class ElasticsearchHttpClientSettings implements BeanCreatedEventListener<HttpAsyncClientBuilder> {

    private final int connectionsPerNode;
    private final int connections;

    public ElasticsearchHttpClientSettings(
            @Value("${commerce.search.http.max-connections-per-node:10}") int connectionsPerNode,
            @Value("${commerce.search.http.max-connections:30}") int connections) {
        this.connectionsPerNode = connectionsPerNode;
        this.connections = connections;
    }

    @Override
    public HttpAsyncClientBuilder onCreated(BeanCreatedEvent<HttpAsyncClientBuilder> event) {
        return event.getBean().disableAuthCaching()
                .setMaxConnPerRoute(connectionsPerNode)
                .setMaxConnTotal(connections);
    }
}
