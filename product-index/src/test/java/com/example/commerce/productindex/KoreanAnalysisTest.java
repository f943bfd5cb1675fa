package com.example.commerce.productindex;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.analyze.AnalyzeToken;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import com.example.commerce.elasticsearch.ElasticsearchApi;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Korean analysis of the product index against the real (embedded) Elasticsearch with the analysis-nori plugin:
 * a fixed corpus token by token, an index from before the Korean analysis and its move by a reindex, and the failure
 * on a cluster that lacks a nori component.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KoreanAnalysisTest implements TestPropertyProvider {

    private final String alias = "products-korean-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    ProductIndex index;

    @Inject
    ElasticsearchClient client;

    @Inject
    ElasticsearchApi elasticsearch;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("commerce.search.alias", alias);
    }

    @AfterAll
    void dropIndices() throws IOException {
        for (String concrete : client.indices().get(g -> g.index(alias + "*")).result().keySet()) {
            client.indices().delete(d -> d.index(concrete));
        }
    }

    @Test
    void theCorpusIsAnalysedTokenByToken() throws IOException {
        index.ensureExists();
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        try (InputStream in = KoreanAnalysisTest.class.getResourceAsStream("/korean-analysis.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                expected.add(line);
                actual.add(columns[0] + "\t" + analyse(columns[0]));
            }
        }
        assertTrue(expected.size() >= 20, "the corpus is there");
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    private String analyse(String text) throws IOException {
        return client.indices().analyze(a -> a.index(alias).analyzer("korean").text(text)).tokens().stream()
                .map(KoreanAnalysisTest::describe).collect(Collectors.joining(" "));
    }

    private static String describe(AnalyzeToken token) {
        Long length = token.positionlength();
        return token.token() + "@" + token.position() + (length == null || length == 1 ? "" : "+" + length);
    }

    @Test
    void anIndexFromBeforeKoreanAnalysisKeepsWorkingUntilAReindexMovesIt() throws IOException {
        String legacy = alias + "-legacy";
        // The index as it was before: name and description with the standard analyzer only, no analysis plugin.
        String before = withoutKoreanAnalysis(definition());
        assertFalse(before.contains("korean") || before.contains("nori"), before);
        client.indices().create(c -> c.index(legacy + "-initial").withJson(new StringReader(before)));
        client.indices().updateAliases(u -> u.actions(a -> a.add(add -> add.index(legacy + "-initial").alias(legacy))));
        var legacyIndex = new ProductIndex(elasticsearch, legacy);

        legacyIndex.ensureExists();
        legacyIndex.write(legacy, List.of(keyboard()), true);
        assertEquals(1, hits(legacy, "키보드"), "the standard analysis finds the whole word");
        assertEquals(0, hits(legacy, "키보드를"), "but not the word with a particle");

        // What a reindex does (ProductReindex): a new index with the current mapping, filled, swapped in.
        String rebuilt = legacyIndex.createConcreteIndex();
        legacyIndex.write(rebuilt, List.of(keyboard()), true);
        Set<String> left = legacyIndex.swapTo(rebuilt);
        legacyIndex.delete(left);

        assertEquals(Set.of(rebuilt), legacyIndex.concreteIndices());
        assertEquals(1, hits(legacy, "키보드를"));
        assertEquals(1, hits(legacy, "무선키보드"));
    }

    private static ProductDocument keyboard() {
        String at = "2026-11-21T10:00:00Z";
        return new ProductDocument(1, "무선 키보드", "블루투스 기계식 키보드입니다", "electronics", "acme", 39_000,
                "ACTIVE", at, at, 0, 0, 0, 0, 1, 0, null, 0);
    }

    /** The product search's text query: every word, under the standard or (where mapped) the Korean analysis. */
    private long hits(String target, String q) throws IOException {
        client.indices().refresh(r -> r.index(target));
        return client.search(s -> s.index(target).query(query -> query.multiMatch(m -> m.query(q)
                        .fields("name^2", "description", "name.ko^2", "description.ko")
                        .type(TextQueryType.CrossFields).operator(Operator.And))),
                ProductDocument.class).hits().total().value();
    }

    @Test
    void aClusterWithoutANoriComponentRefusesTheIndexNamingThePlugin() {
        // What a cluster without analysis-nori answers: an unknown tokenizer type named nori_*.
        var withoutPlugin = new ProductIndex(elasticsearch, alias + "-noplugin",
                definition().replace("\"nori_tokenizer\"", "\"nori_tokenizer_not_installed\""));

        var failure = assertThrows(MissingAnalysisPluginException.class, withoutPlugin::ensureExists);

        assertTrue(failure.getMessage().contains("the analysis-nori plugin"), failure.getMessage());
        assertTrue(failure.getMessage().contains("bin/elasticsearch-plugin install analysis-nori"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Unknown tokenizer type [nori_tokenizer_not_installed]"),
                failure.getMessage());
    }

    /** The definition without the analysis components and the {@code ko} multi-fields. */
    private static String withoutKoreanAnalysis(String definition) {
        JsonObject json = Json.createReader(new StringReader(definition)).readObject();
        JsonObject settings = json.getJsonObject("settings");
        var analysis = Json.createObjectBuilder(settings.getJsonObject("analysis"))
                .remove("tokenizer").remove("filter").remove("analyzer");
        var properties = Json.createObjectBuilder(json.getJsonObject("mappings").getJsonObject("properties"));
        JsonObject name = json.getJsonObject("mappings").getJsonObject("properties").getJsonObject("name");
        properties.add("name", Json.createObjectBuilder(name).add("fields",
                Json.createObjectBuilder(name.getJsonObject("fields")).remove(ProductIndex.KOREAN)));
        JsonObject description = json.getJsonObject("mappings").getJsonObject("properties").getJsonObject("description");
        properties.add("description", Json.createObjectBuilder(description).remove("fields"));
        return Json.createObjectBuilder(json)
                .add("settings", Json.createObjectBuilder(settings).add("analysis", analysis))
                .add("mappings", Json.createObjectBuilder(json.getJsonObject("mappings")).add("properties", properties))
                .build().toString();
    }

    private static String definition() {
        try (InputStream in = ProductIndex.class.getResourceAsStream("/product-index.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
