package com.example.commerce.api.search;

import com.example.commerce.api.error.ApiException;
import com.example.commerce.elasticsearch.ElasticsearchApi;
import com.example.commerce.elasticsearch.ElasticsearchError;
import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductIndex;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.elasticsearch.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static com.example.commerce.elasticsearch.ElasticsearchApi.elements;
import static com.example.commerce.elasticsearch.ElasticsearchApi.firstHighlight;
import static com.example.commerce.elasticsearch.ElasticsearchApi.object;

/**
 * Product search on the read side: Elasticsearch through the {@code products} alias. Only ACTIVE products are ever
 * in the index (the indexer removes the others); the status filter is a second guard.
 *
 * <p>One multi-search round trip carries two requests: the page of hits, and the total with the facets as a
 * {@code size: 0} request that the shard request cache serves for a query seen since the last change of the index.
 */
@Singleton
public class ProductSearch {

    private static final Logger LOG = LoggerFactory.getLogger(ProductSearch.class);
    private static final List<String> FACETS = List.of("category", "brand");
    private static final int FACET_SIZE = 50;
    private static final String KOREAN_NAME = "name." + ProductIndex.KOREAN;
    private static final List<String> TEXT_FIELDS = List.of("name^2", "description", KOREAN_NAME + "^2",
            "description." + ProductIndex.KOREAN);
    private static final List<String> STANDARD_TEXT_FIELDS = List.of("name^2", "description");
    /** The highlighted text is the whole field (no fragments), HTML-escaped around the tags. */
    private static final Map<String, Object> WHOLE_FIELD = object("pre_tags", List.of("<em>"),
            "post_tags", List.of("</em>"), "number_of_fragments", 0);

    private final ElasticsearchApi elasticsearch;
    private final ProductIndex index;

    public ProductSearch(ElasticsearchApi elasticsearch, ProductIndex index) {
        this.elasticsearch = elasticsearch;
        this.index = index;
    }

    /**
     * Runs the query without holding a thread while Elasticsearch answers: the answer is turned into the result on
     * the HTTP client's I/O thread. A blocking call held one thread of the unbounded blocking executor per query in
     * flight (BENCHMARKS.md: thousands of them under overload).
     */
    public CompletableFuture<SearchResult> search(SearchQuery query) {
        CompletableFuture<JsonNode> answer;
        try {
            answer = elasticsearch.sendAsync(request(query));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unavailable(e));
        }
        return answer.handle((response, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause instanceof ElasticsearchError e && e.isIndexNotFound()) {
                    return empty(query);
                }
                throw unavailable(cause);
            }
            return result(response, query);
        });
    }

    /** One multi-search: the page of hits, then the total and facets. */
    private Request request(SearchQuery query) {
        var body = new ByteArrayOutputStream(1024);
        elasticsearch.writeLine(body, object("index", index.alias()));
        elasticsearch.writeLine(body, page(query));
        elasticsearch.writeLine(body, object("index", index.alias(), "request_cache", true));
        elasticsearch.writeLine(body, facets(query));
        return elasticsearch.ndJsonRequest("POST", "/" + index.alias() + "/_msearch", body.toByteArray());
    }

    private SearchResult result(JsonNode response, SearchQuery query) {
        List<JsonNode> answers = elements(response, "responses");
        if (answers.size() != 2) {
            throw unavailable(new IllegalStateException("a multi-search of two answered " + answers.size()));
        }
        JsonNode page = answers.get(0);
        JsonNode counts = answers.get(1);
        for (JsonNode answer : answers) {
            JsonNode error = answer.get("error");
            if (error != null) {
                if ("index_not_found_exception".equals(ElasticsearchApi.text(error, "type", null))) {
                    return empty(query);
                }
                throw unavailable(new IllegalStateException(error.toString()));
            }
        }
        var items = elements(page.get("hits"), "hits").stream().map(this::item).toList();
        JsonNode total = counts.get("hits").get("total");
        var facets = new LinkedHashMap<String, List<SearchResult.FacetValue>>();
        JsonNode aggregations = counts.get("aggregations");
        for (String facet : FACETS) {
            JsonNode aggregate = aggregations == null ? null : aggregations.get(facet);
            facets.put(facet, elements(aggregate, "buckets").stream()
                    .map(b -> new SearchResult.FacetValue(b.get("key").coerceStringValue(),
                            b.get("doc_count").getLongValue()))
                    .toList());
        }
        return new SearchResult(total == null ? items.size() : total.get("value").getLongValue(), query.page(),
                query.size(), items, facets);
    }

    private static SearchResult empty(SearchQuery query) {
        return new SearchResult(0, query.page(), query.size(), List.of(), Map.of());
    }

    /**
     * The page of hits, without counting: the total and the facets come from {@link #facets}, so this request only
     * collects the top hits (Lucene may skip documents that cannot make the page) and highlights them.
     */
    private static Map<String, Object> page(SearchQuery query) {
        var fields = object("name", WHOLE_FIELD);
        // Highlighting under the Korean analysis analyses every hit's name again with nori, which doubled the cost
        // of a text query (BENCHMARKS.md); a query without Korean or Hanja characters matches the same words under
        // the standard analysis, which is highlighted.
        if (hasKorean(query.q())) {
            fields.put(KOREAN_NAME, WHOLE_FIELD);
        }
        var sort = new ArrayList<Object>();
        switch (query.sort()) {
            case PRICE_ASC -> sort.add(object("price", object("order", "asc")));
            case PRICE_DESC -> sort.add(object("price", object("order", "desc")));
            case NEWEST -> sort.add(object("createdAt", object("order", "desc")));
            case POPULAR -> {
                sort.add(object("salesCount", object("order", "desc")));
                sort.add(object("likeCount", object("order", "desc")));
            }
            case RELEVANCE -> sort.add(object("_score", object("order", "desc")));
        }
        // A stable order for equal values, so that pages neither repeat nor skip products.
        sort.add(object("id", object("order", "asc")));
        return object(
                "query", filters(query),
                "from", (query.page() - 1) * query.size(),
                "size", query.size(),
                "track_total_hits", false,
                "timeout", "2s",
                "highlight", object("encoder", "html", "fields", fields),
                "sort", sort);
    }

    /**
     * The exact total and the facets of the query, without hits ({@code size: 0}): the same for every page and every
     * sort of a query, so Elasticsearch's shard request cache answers it until the next refresh that changes the
     * index. The aggregations visit every matching document anyway, so counting them exactly costs nothing more.
     */
    private static Map<String, Object> facets(SearchQuery query) {
        var aggregations = object();
        FACETS.forEach(facet -> aggregations.put(facet, object("terms", object("field", facet, "size", FACET_SIZE))));
        return object(
                "query", filters(query),
                "size", 0,
                "track_total_hits", true,
                "timeout", "2s",
                "aggs", aggregations);
    }

    /** Whether the query has a Hangul or Han (Hanja) character, the words only the Korean analysis splits. */
    public static boolean hasKorean(String q) {
        return q != null && q.codePoints().mapToObj(Character.UnicodeScript::of)
                .anyMatch(script -> script == Character.UnicodeScript.HANGUL || script == Character.UnicodeScript.HAN);
    }

    private static Map<String, Object> filters(SearchQuery query) {
        var filter = new ArrayList<Object>();
        var bool = object("filter", filter);
        filter.add(object("term", object("status", ProductDocument.ACTIVE)));
        if (query.q() != null) {
            // Every word must occur, in the name or the description: "wireless keyboard" finds wireless keyboards,
            // not everything wireless and every keyboard (which would also make a two-word query cost as much as
            // scoring and counting both words' matches). Cross-fields groups the fields by analyzer: a product
            // matches when every word matches under the standard analysis or every word under the Korean one
            // (particles and endings dropped, compounds split: "키보드를" and "무선키보드" find "무선 키보드").
            // A query without Hangul or Hanja is analysed alike by both (nori keeps Latin words and numbers whole and
            // lowercases them): the Korean group would match the same products again and doubled the cost of
            // matching and scoring (BENCHMARKS.md), so such a query asks the standard fields only.
            List<String> fields = hasKorean(query.q()) ? TEXT_FIELDS : STANDARD_TEXT_FIELDS;
            bool.put("must", List.of(object("multi_match", object("query", query.q(), "fields", fields,
                    "type", "cross_fields", "operator", "and"))));
        }
        if (query.category() != null) {
            filter.add(object("term", object("category", query.category())));
        }
        if (query.brand() != null) {
            filter.add(object("term", object("brand", query.brand())));
        }
        if (query.inStock()) {
            // Untracked stock has no available field: always available.
            filter.add(object("bool", object("minimum_should_match", 1, "should", List.of(
                    object("bool", object("must_not", List.of(object("exists", object("field", "available"))))),
                    object("range", object("available", object("gt", 0)))))));
        }
        if (query.minPrice() != null || query.maxPrice() != null) {
            var range = object();
            if (query.minPrice() != null) {
                range.put("gte", query.minPrice());
            }
            if (query.maxPrice() != null) {
                range.put("lte", query.maxPrice());
            }
            filter.add(object("range", object("price", range)));
        }
        return object("bool", bool);
    }

    private SearchResult.Item item(JsonNode hit) {
        ProductDocument p = elasticsearch.read(hit.get("_source"), ProductDocument.class);
        String highlighted = firstHighlight(hit, "name");
        if (highlighted == null) {
            highlighted = firstHighlight(hit, KOREAN_NAME); // matched under the Korean analysis only
        }
        // Always escaped HTML: the highlighter escapes what it returns, and a name it did not touch is escaped here.
        String name = highlighted == null ? HtmlText.escape(p.name()) : highlighted;
        return new SearchResult.Item(p.id(), p.name(), name, p.description(), p.category(), p.brand(), p.price(),
                p.likeCount(), p.viewCount(), p.salesCount(), p.createdAt(), p.available());
    }

    private static ApiException unavailable(Throwable cause) {
        LOG.warn("Search unavailable: {}", cause.toString());
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "search-unavailable",
                "Search is unavailable at the moment; try again shortly", Map.of());
    }
}
