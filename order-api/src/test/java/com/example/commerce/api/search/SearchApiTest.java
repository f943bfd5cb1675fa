package com.example.commerce.api.search;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.productindex.ProductDocument;
import com.example.commerce.productindex.ProductIndex;
import com.example.commerce.testsupport.ApiClient;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Search over a seeded catalog of 300 products in the real (embedded) Elasticsearch. Every product of this run has
 * the run's token in its name and one of the run's four brands, so other data in the index cannot interfere.
 */
@MicronautTest(environments = "order-api", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchApiTest extends ApiTestBase {

    private static final int PRODUCTS = 300;

    @Inject
    ProductIndex index;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String token = "zq" + run;
    private final long firstId = 9_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);

    private String category(int i) {
        return "cat-" + run + "-" + (char) ('a' + i % 3);
    }

    private String brand(int i) {
        return "br-" + run + "-" + i % 4;
    }

    /** Untracked (null), sold out (0) or a few left. */
    private static Long available(int i) {
        return switch (i % 3) {
            case 0 -> null;
            case 1 -> (long) (i / 3 % 2);
            default -> 5L + i;
        };
    }

    private static boolean korean(int i) {
        return i % 5 == 0;
    }

    @BeforeAll
    void seed() {
        index.ensureExists();
        var documents = new ArrayList<ProductDocument>();
        for (int i = 0; i < PRODUCTS; i++) {
            String name = korean(i) ? token + " 무선 키보드 " + i : token + " Wireless mouse " + i;
            String created = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 60L).toString();
            documents.add(new ProductDocument(firstId + i, name, "Seeded for search tests", category(i), brand(i),
                    (i + 1) * 100L, "ACTIVE", created, created, i % 7, i, i % 10, (i % 10) * 100L, 1, 0,
                    available(i), available(i) == null ? 0 : 1));
        }
        index.write(index.alias(), documents, true);
    }

    private ApiClient.Answer search(String query) {
        return api.send(HttpRequest.GET("/api/search/products?" + query));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private List<Long> ids(ApiClient.Answer answer) {
        return answer.list("items").stream().map(item -> ((Number) item.get("id")).longValue() - firstId).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Long> facet(ApiClient.Answer answer, String name) {
        var values = (List<Map<String, Object>>) ((Map<String, Object>) answer.get("facets")).get(name);
        var counts = new java.util.LinkedHashMap<String, Long>();
        values.forEach(v -> counts.put((String) v.get("value"), ((Number) v.get("count")).longValue()));
        return counts;
    }

    @Test
    void filtersAndFacetsCountTheCurrentQuery() {
        var answer = search("q=" + token + "&category=" + category(0) + "&size=5");

        assertEquals(200, answer.status(), answer::toString);
        assertEquals(100, ((Number) answer.get("total")).longValue());
        assertEquals(5, answer.list("items").size());
        assertEquals(Map.of(category(0), 100L), facet(answer, "category"));
        Map<String, Long> brands = facet(answer, "brand");
        for (int b = 0; b < 4; b++) {
            int brand = b;
            long expected = IntStream.range(0, PRODUCTS).filter(i -> i % 3 == 0 && i % 4 == brand).count();
            assertEquals(expected, brands.get("br-" + run + "-" + b), "brand " + b);
        }
    }

    /**
     * The total and the facets come from a request of their own, which Elasticsearch's request cache may answer: they
     * are those of the whole query on every page and under every sort, and a write to the index is counted at once.
     */
    @Test
    void totalAndFacetsAreTheWholeQuerysOnEveryPageAndSeeEveryWrite() {
        String query = "q=" + token + "&category=" + category(1);
        var first = search(query + "&size=5");
        var later = search(query + "&size=5&page=7&sort=price_desc");
        assertEquals(100, ((Number) first.get("total")).longValue());
        assertEquals(first.get("total"), later.get("total"));
        assertEquals(first.get("facets"), later.get("facets"));
        assertEquals(5, later.list("items").size(), "page 7 of 20");

        long id = firstId + 1_003;
        String extraBrand = "br-" + run + "-extra";
        index.write(index.alias(), List.of(new ProductDocument(id, token + " extra", "", category(1), extraBrand, 1,
                "ACTIVE", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 0, 0, 0, 0, 1, 0, null, 0)), true);
        try {
            var after = search(query + "&size=5");
            assertEquals(101, ((Number) after.get("total")).longValue());
            assertEquals(1L, facet(after, "brand").get(extraBrand));
            assertEquals(Map.of(category(1), 101L), facet(after, "category"));
        } finally {
            index.write(index.alias(), List.of(new ProductDocument(id, token + " extra", "", category(1), extraBrand,
                    1, "INACTIVE", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 0, 0, 0, 0, 2, 0, null, 0)), true);
        }
    }

    @Test
    void priceRangeAndPriceSortsAndPaging() {
        var range = search("q=" + token + "&minPrice=1000&maxPrice=2000&sort=price_asc&size=100");
        assertEquals(IntStream.rangeClosed(9, 19).boxed().map(Long::valueOf).toList(), ids(range));

        var secondPage = search("q=" + token + "&sort=price_desc&page=2&size=10");
        assertEquals(IntStream.rangeClosed(280, 289).map(i -> 299 - (i - 280) - 10).boxed().map(Long::valueOf)
                .toList(), ids(secondPage));
        assertEquals(2, ((Number) secondPage.get("page")).intValue());
    }

    @Test
    void newestAndPopularSorts() {
        assertEquals(List.of(299L, 298L, 297L), ids(search("q=" + token + "&sort=newest&size=3")));
        // salesCount = i % 10, then likeCount = i % 7, then id: the best sellers are i ≡ 9 (mod 10) by likes.
        var popular = ids(search("q=" + token + "&sort=popular&size=3"));
        var expected = IntStream.range(0, PRODUCTS).filter(i -> i % 10 == 9).boxed()
                .sorted((a, b) -> a % 7 != b % 7 ? Integer.compare(b % 7, a % 7) : Integer.compare(a, b))
                .limit(3).map(Long::valueOf).toList();
        assertEquals(expected, popular);
    }

    @Test
    void koreanAndEnglishWordsAreFoundWholeAndHighlighted() {
        var korean = search("q=" + encode("키보드") + "&brand=" + brand(0) + "&size=100");
        long expected = IntStream.range(0, PRODUCTS).filter(i -> korean(i) && i % 4 == 0).count();
        assertEquals(expected, ((Number) korean.get("total")).longValue());
        assertTrue(korean.list("items").stream().allMatch(i -> ((String) i.get("highlightedName"))
                .contains("<em>키보드</em>")), korean::toString);

        // A word with a particle matches under the Korean analysis only, and is highlighted from it.
        var particle = search("q=" + encode("키보드를") + "&brand=" + brand(0) + "&size=100");
        assertEquals(expected, ((Number) particle.get("total")).longValue());
        assertTrue(particle.list("items").stream().allMatch(i -> ((String) i.get("highlightedName"))
                .contains("<em>키보드</em>")), particle::toString);

        var english = search("q=mouse&brand=" + brand(1) + "&size=1");
        long mice = IntStream.range(0, PRODUCTS).filter(i -> !korean(i) && i % 4 == 1).count();
        assertEquals(mice, ((Number) english.get("total")).longValue());
        assertTrue(((String) english.list("items").get(0).get("highlightedName")).contains("<em>mouse</em>"));
    }

    @Test
    void everyWordMustOccurInTheNameOrTheDescription() {
        long koreanProducts = IntStream.range(0, PRODUCTS).filter(SearchApiTest::korean).count();
        assertEquals(koreanProducts, ((Number) search("q=" + token + "+" + encode("키보드")).get("total")).longValue());
        assertEquals((long) PRODUCTS, ((Number) search("q=" + token + "+seeded").get("total")).longValue(),
                "a word of the name and one of the description");
        assertEquals(0, ((Number) search("q=" + token + "+" + encode("키보드") + "+mouse").get("total")).longValue(),
                "no product has both");
    }

    @Test
    void inactiveProductsAreNeverFoundAndNamesAreEscaped() {
        index.write(index.alias(), List.of(
                new ProductDocument(firstId + 1_000, token + " hidden", "", category(0), brand(0), 1, "INACTIVE",
                        "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 0, 0, 0, 0, 1, 0, null, 0),
                new ProductDocument(firstId + 1_001, token + " <b>bold</b>", "", category(0), brand(0), 1, "ACTIVE",
                        "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 0, 0, 0, 0, 1, 0, null, 0)), true);

        assertEquals(0, ((Number) search("q=hidden").get("total")).longValue());
        var bold = search("q=bold");
        assertEquals(token + " &lt;b&gt;<em>bold</em>&lt;&#x2F;b&gt;", bold.list("items").get(0).get("highlightedName"));
        assertEquals("", bold.list("items").get(0).get("description"), "an empty description stays a string");
        index.write(index.alias(), List.of(new ProductDocument(firstId + 1_001, token + " <b>bold</b>", "",
                category(0), brand(0), 1, "INACTIVE", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 0, 0, 0, 0,
                2, 0, null, 0)), true);
    }

    /** highlightedName is escaped HTML also when nothing in it was highlighted: no q, or q matched elsewhere. */
    @Test
    void aNameWithNothingHighlightedIsEscapedToo() {
        String markup = "<img src=x onerror=alert(1)> '\"&";
        long id = firstId + 1_002;
        index.write(index.alias(), List.of(new ProductDocument(id, markup, token + " markupdesc", "markup-" + token,
                brand(0), 1, "ACTIVE", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 0, 0, 0, 0, 1, 0, null, 0)), true);
        String escaped = "&lt;img src=x onerror=alert(1)&gt; &#x27;&quot;&amp;";

        for (String query : List.of("q=markupdesc", "category=markup-" + token)) {
            var item = search(query).list("items").get(0);
            assertEquals(markup, item.get("name"), query);
            assertEquals(escaped, item.get("highlightedName"), query);
        }
        index.write(index.alias(), List.of(new ProductDocument(id, markup, token + " markupdesc", "markup-" + token,
                brand(0), 1, "INACTIVE", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 0, 0, 0, 0, 2, 0, null, 0)), true);
    }

    @Test
    void resultsCarryAvailabilityAndInStockLeavesOutSoldOutProducts() {
        String brand = brand(1);
        var all = search("brand=" + brand + "&size=100&sort=price_asc");
        var expectedAll = IntStream.range(0, PRODUCTS).filter(i -> i % 4 == 1).boxed().toList();
        assertEquals(expectedAll.size(), ((Number) all.get("total")).longValue());
        for (Map<String, Object> item : all.list("items")) {
            int i = (int) (((Number) item.get("id")).longValue() - firstId);
            Long expected = available(i);
            assertEquals(expected, item.get("available") == null ? null : ((Number) item.get("available")).longValue(),
                    "available of product " + i);
            assertTrue(item.containsKey("available"), "an untracked product says so with null");
        }
        assertEquals(all.get("total"), search("brand=" + brand + "&inStock=false").get("total"));

        var inStock = search("brand=" + brand + "&inStock=true&size=100&sort=price_asc");
        var expected = expectedAll.stream().filter(i -> available(i) == null || available(i) > 0)
                .map(Integer::longValue).toList();
        assertTrue(expected.size() < expectedAll.size() && expected.stream().anyMatch(i -> available(i.intValue()) == null),
                "the seed has sold-out, untracked and stocked products");
        assertEquals(expected.size(), ((Number) inStock.get("total")).longValue());
        assertEquals(expected, ids(inStock));
        assertEquals(expected.size(), ((Number) search("brand=" + brand + "&inStock=TRUE").get("total")).longValue());
    }

    @Test
    void badParametersAre400ProblemsNamingTheParameter() {
        for (String[] bad : new String[][] {{"minPrice=10&maxPrice=5", "minPrice"}, {"size=101", "size"},
                {"page=0", "page"}, {"sort=cheapest", "sort"}, {"minPrice=-1", "minPrice"},
                {"page=101&size=100", "page"}, {"page=2147483647&size=100", "page"}, {"q=" + "x".repeat(201), "q"},
                {"inStock=yes", "inStock"}, {"inStock=1", "inStock"}, {"inStock=", "inStock"}}) {
            var answer = assertProblem(400, search(bad[0]));
            assertEquals(bad[1], context(answer).get("parameter"), bad[0]);
        }
        assertProblem(400, search("size=abc"));
    }
}
