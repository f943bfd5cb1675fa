package com.example.commerce.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The real (embedded) Elasticsearch is reached through the client bean the indexer uses: index, then search. */
@MicronautTest
class ElasticsearchRoundTripTest {

    @Inject
    ElasticsearchClient client;

    private final String index = "round-trip-" + UUID.randomUUID();

    @Test
    void anIndexedDocumentIsFoundBySearch() throws IOException {
        client.index(i -> i.index(index).id("1").document(new Doc("Wireless keyboard", "peripherals"))
                .refresh(Refresh.WaitFor));
        client.index(i -> i.index(index).id("2").document(new Doc("Espresso machine", "kitchen"))
                .refresh(Refresh.WaitFor));

        SearchResponse<Doc> response = client.search(s -> s.index(index)
                .query(q -> q.match(m -> m.field("name").query("keyboard"))), Doc.class);

        List<String> ids = response.hits().hits().stream().map(Hit::id).toList();
        assertEquals(List.of("1"), ids);
        assertEquals(new Doc("Wireless keyboard", "peripherals"), response.hits().hits().get(0).source());
    }

    @AfterEach
    void dropIndex() throws IOException {
        client.indices().delete(d -> d.index(index).ignoreUnavailable(true));
    }

    @Serdeable
    record Doc(String name, String category) {
    }
}
