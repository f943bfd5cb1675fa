package com.example.commerce.api.search;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch._types.ErrorCause;
import co.elastic.clients.elasticsearch.core.MsearchResponse;
import co.elastic.clients.elasticsearch.core.msearch.MultiSearchResponseItem;
import co.elastic.clients.elasticsearch.core.msearch.MultisearchBody;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.example.commerce.api.error.ApiException;
import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductIndex;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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

    private final ElasticsearchAsyncClient client;
    private final ProductIndex index;

    public ProductSearch(ElasticsearchAsyncClient client, ProductIndex index) {
        this.client = client;
        this.index = index;
    }

    /**
     * Runs the query without holding a thread while Elasticsearch answers: the answer is turned into the result on
     * the Elasticsearch client's I/O thread. A blocking call held one thread of the unbounded blocking executor per
     * query in flight (BENCHMARKS.md: thousands of them under overload).
     */
    public CompletableFuture<SearchResult> search(SearchQuery query) {
        CompletableFuture<MsearchResponse<ProductDocument>> response;
        try {
            response = client.msearch(m -> m.index(index.alias())
                    .searches(page -> page.header(h -> h.index(index.alias())).body(b -> page(b, query)))
                    .searches(facets -> facets.header(h -> h.index(index.alias()).requestCache(true))
                            .body(b -> facets(b, query))), ProductDocument.class);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(unavailable(e));
        }
        return response.handle((answer, error) -> {
            if (error != null) {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (cause instanceof ElasticsearchException e && indexNotFound(e.error())) {
                    return empty(query);
                }
                throw unavailable(cause);
            }
            return result(answer, query);
        });
    }

    private static SearchResult result(MsearchResponse<ProductDocument> response, SearchQuery query) {
        MultiSearchResponseItem<ProductDocument> page = response.responses().get(0);
        MultiSearchResponseItem<ProductDocument> counts = response.responses().get(1);
        for (var item : List.of(page, counts)) {
            if (item.isFailure()) {
                if (indexNotFound(item.failure().error())) {
                    return empty(query);
                }
                throw unavailable(new IllegalStateException(item.failure().error().toString()));
            }
        }
        var items = page.result().hits().hits().stream().map(ProductSearch::item).toList();
        var total = counts.result().hits().total();
        var facets = new LinkedHashMap<String, List<SearchResult.FacetValue>>();
        for (String facet : FACETS) {
            Aggregate aggregate = counts.result().aggregations().get(facet);
            facets.put(facet, aggregate == null ? List.of() : aggregate.sterms().buckets().array().stream()
                    .map(b -> new SearchResult.FacetValue(b.key().stringValue(), b.docCount())).toList());
        }
        return new SearchResult(total == null ? items.size() : total.value(), query.page(), query.size(), items,
                facets);
    }

    private static boolean indexNotFound(ErrorCause error) {
        return "index_not_found_exception".equals(error.type());
    }

    private static SearchResult empty(SearchQuery query) {
        return new SearchResult(0, query.page(), query.size(), List.of(), Map.of());
    }

    /**
     * The page of hits, without counting: the total and the facets come from {@link #facets}, so this request only
     * collects the top hits (Lucene may skip documents that cannot make the page) and highlights them.
     */
    private static MultisearchBody.Builder page(MultisearchBody.Builder s, SearchQuery query) {
        s.query(q -> q.bool(b -> filters(b, query)))
                .from((query.page() - 1) * query.size())
                .size(query.size())
                .trackTotalHits(t -> t.enabled(false))
                .timeout("2s")
                .highlight(h -> {
                    h.encoder(HighlighterEncoder.Html) // the name is HTML-escaped around the tags
                            .fields("name", f -> f.preTags("<em>").postTags("</em>").numberOfFragments(0));
                    // Highlighting under the Korean analysis analyses every hit's name again with nori, which
                    // doubled the cost of a text query (BENCHMARKS.md); a query without Korean or Hanja
                    // characters matches the same words under the standard analysis, which is highlighted.
                    if (hasKorean(query.q())) {
                        h.fields(KOREAN_NAME, f -> f.preTags("<em>").postTags("</em>").numberOfFragments(0));
                    }
                    return h;
                });
        switch (query.sort()) {
            case PRICE_ASC -> s.sort(o -> o.field(f -> f.field("price").order(SortOrder.Asc)));
            case PRICE_DESC -> s.sort(o -> o.field(f -> f.field("price").order(SortOrder.Desc)));
            case NEWEST -> s.sort(o -> o.field(f -> f.field("createdAt").order(SortOrder.Desc)));
            case POPULAR -> s.sort(o -> o.field(f -> f.field("salesCount").order(SortOrder.Desc)))
                    .sort(o -> o.field(f -> f.field("likeCount").order(SortOrder.Desc)));
            case RELEVANCE -> s.sort(o -> o.score(sc -> sc.order(SortOrder.Desc)));
        }
        // A stable order for equal values, so that pages neither repeat nor skip products.
        return s.sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc)));
    }

    /**
     * The exact total and the facets of the query, without hits ({@code size: 0}): the same for every page and every
     * sort of a query, so Elasticsearch's shard request cache answers it until the next refresh that changes the
     * index. The aggregations visit every matching document anyway, so counting them exactly costs nothing more.
     */
    private static MultisearchBody.Builder facets(MultisearchBody.Builder s, SearchQuery query) {
        s.query(q -> q.bool(b -> filters(b, query))).size(0).trackTotalHits(t -> t.enabled(true)).timeout("2s");
        FACETS.forEach(facet -> s.aggregations(facet, a -> a.terms(t -> t.field(facet).size(FACET_SIZE))));
        return s;
    }

    /** Whether the query has a Hangul or Han (Hanja) character, the words only the Korean analysis splits. */
    public static boolean hasKorean(String q) {
        return q != null && q.codePoints().mapToObj(Character.UnicodeScript::of)
                .anyMatch(script -> script == Character.UnicodeScript.HANGUL || script == Character.UnicodeScript.HAN);
    }

    private static BoolQuery.Builder filters(BoolQuery.Builder bool, SearchQuery query) {
        bool.filter(f -> f.term(t -> t.field("status").value(ProductDocument.ACTIVE)));
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
            bool.must(m -> m.multiMatch(mm -> mm.query(query.q()).fields(fields)
                    .type(TextQueryType.CrossFields).operator(Operator.And)));
        }
        if (query.category() != null) {
            bool.filter(f -> f.term(t -> t.field("category").value(query.category())));
        }
        if (query.brand() != null) {
            bool.filter(f -> f.term(t -> t.field("brand").value(query.brand())));
        }
        if (query.inStock()) {
            // Untracked stock has no available field: always available.
            bool.filter(f -> f.bool(stock -> stock.minimumShouldMatch("1")
                    .should(s -> s.bool(untracked -> untracked.mustNot(m -> m.exists(e -> e.field("available")))))
                    .should(s -> s.range(r -> r.number(n -> n.field("available").gt(0.0))))));
        }
        if (query.minPrice() != null || query.maxPrice() != null) {
            bool.filter(f -> f.range(r -> r.number(n -> {
                n.field("price");
                if (query.minPrice() != null) {
                    n.gte(query.minPrice().doubleValue());
                }
                if (query.maxPrice() != null) {
                    n.lte(query.maxPrice().doubleValue());
                }
                return n;
            })));
        }
        return bool;
    }

    private static SearchResult.Item item(Hit<ProductDocument> hit) {
        ProductDocument p = hit.source();
        List<String> highlighted = hit.highlight().get("name");
        if (highlighted == null || highlighted.isEmpty()) {
            highlighted = hit.highlight().get(KOREAN_NAME); // matched under the Korean analysis only
        }
        // Always escaped HTML: the highlighter escapes what it returns, and a name it did not touch is escaped here.
        String name = highlighted == null || highlighted.isEmpty() ? HtmlText.escape(p.name()) : highlighted.get(0);
        return new SearchResult.Item(p.id(), p.name(), name, p.description(), p.category(), p.brand(), p.price(),
                p.likeCount(), p.viewCount(), p.salesCount(), p.createdAt(), p.available());
    }

    private static ApiException unavailable(Throwable cause) {
        LOG.warn("Search unavailable: {}", cause.toString());
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "search-unavailable",
                "Search is unavailable at the moment; try again shortly", Map.of());
    }
}
