package com.example.commerce.local;

import com.example.commerce.testsupport.ApiClient;
import io.micronaut.context.annotation.Factory;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;

/** The API of the local system's server, as a client drives it, for the tests to inject. */
@Factory
class ApiClientFactory {

    @Singleton
    ApiClient apiClient(@Client("/") HttpClient client, ObjectMapper json) {
        return new ApiClient(client, json);
    }
}
