package com.example.commerce.productindex;

import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import org.apache.http.impl.nio.client.HttpAsyncClientBuilder;

/**
 * Settings of the HTTP client under every Elasticsearch client (micronaut-elasticsearch builds it from this bean).
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

    @Override
    public HttpAsyncClientBuilder onCreated(BeanCreatedEvent<HttpAsyncClientBuilder> event) {
        return event.getBean().disableAuthCaching();
    }
}
