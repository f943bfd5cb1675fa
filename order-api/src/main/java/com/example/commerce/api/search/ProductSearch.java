package com.example.commerce.api.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.example.commerce.api.error.ApiException;
import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductIndex;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Product search on the read side: Elasticsearch through the {@code products} alias. Only ACTIVE products are ever
 * in the index (the indexer removes the others); the status filter is a second guard.
 */
@Singleton
public class ProductSearch {

    private static final Logger LOG = LoggerFactory.getLogger(ProductSearch.class);
    private static final List<String> FACETS = List.of("category", "brand");
    private static final int FACET_SIZE = 50;
    private static final String KOREAN_NAME = "name." + ProductIndex.KOREAN;
    private static final List<String> TEXT_FIELDS = List.of("name^2", "description", KOREAN_NAME + "^2",
            "description." + ProductIndex.KOREAN);

    private final ElasticsearchClient client;
    private final ProductIndex index;

    public ProductSearch(ElasticsearchClient client, ProductIndex index) {
        this.client = client;
        this.index = index;
    }

    public SearchResult search(SearchQuery query) {
        SearchResponse<ProductDocument> response;
        try {
            response = client.search(request(query), ProductDocument.class);
        } catch (ElasticsearchException e) {
            if ("index_not_found_exception".equals(e.error().type())) {
                return new SearchResult(0, query.page(), query.size(), List.of(), Map.of());
            }
            throw unavailable(e);
        } catch (IOException | RuntimeException e) {
            throw unavailable(e);
        }
        var items = response.hits().hits().stream().map(ProductSearch::item).toList();
        long total = response.hits().total() == null ? items.size() : response.hits().total().value();
        var facets = new LinkedHashMap<String, List<SearchResult.FacetValue>>();
        for (String facet : FACETS) {
            Aggregate aggregate = response.aggregations().get(facet);
            facets.put(facet, aggregate == null ? List.of() : aggregate.sterms().buckets().array().stream()
                    .map(b -> new SearchResult.FacetValue(b.key().stringValue(), b.docCount())).toList());
        }
        return new SearchResult(total, query.page(), query.size(), items, facets);
    }

    private SearchRequest request(SearchQuery query) {
        return SearchRequest.of(s -> {
            s.index(index.alias())
                    .query(q -> q.bool(b -> filters(b, query)))
                    .from((query.page() - 1) * query.size())
                    .size(query.size())
                    .trackTotalHits(t -> t.enabled(true))
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
            FACETS.forEach(facet -> s.aggregations(facet, a -> a.terms(t -> t.field(facet).size(FACET_SIZE))));
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
        });
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
            bool.must(m -> m.multiMatch(mm -> mm.query(query.q()).fields(TEXT_FIELDS)
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

    private static ApiException unavailable(Exception cause) {
        LOG.warn("Search unavailable: {}", cause.toString());
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "search-unavailable",
                "Search is unavailable at the moment; try again shortly", Map.of());
    }
}
