package com.example.commerce.api.fuzz;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.api.fuzz.HostileRequests.Credentials;
import com.example.commerce.api.fuzz.HostileRequests.Expect;
import com.example.commerce.api.fuzz.HostileRequests.FuzzCase;
import com.example.commerce.api.fuzz.HostileRequests.Known;
import com.example.commerce.api.search.ProductSearch;
import com.example.commerce.contract.catalog.CatalogEventType;
import com.example.commerce.contract.order.OrderEventType;
import com.example.commerce.testsupport.ApiClient;
import io.micronaut.http.HttpRequest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.security.token.jwt.generator.JwtTokenGenerator;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Sends thousands of malformed and hostile requests (see {@link HostileRequests}) to the running API over raw
 * sockets, then checks that none was answered with a 5xx, that every error is a problem document, and that the
 * database holds nothing a valid request could not have produced. The requests follow from a seed:
 * {@code -Dfuzz.seed=...} sends those of another run, {@code -Dfuzz.requests=...} changes how many, and
 * {@code -Dfuzz.dump=FILE} writes every request with its answer.
 */
@MicronautTest(environments = "order-api", transactional = false)
class ApiFuzzTest extends ApiTestBase {

    private static final long DEFAULT_SEED = 20_240_601L;
    private static final int DEFAULT_REQUESTS = 10_000;
    /** A few requests in flight keep both cores busy without the client starving the server. */
    private static final int PARALLEL_REQUESTS = 4;
    private static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_LISTED = 20;

    @Inject
    EmbeddedServer server;

    @Inject
    JwtTokenGenerator tokens;

    /** Created before fuzzing: its client is what starts the embedded Elasticsearch, which takes seconds. */
    @Inject
    ProductSearch search;

    /** The answer to one request, or why there was none. */
    record Outcome(FuzzCase fuzzCase, int status, String contentType, byte[] body, String failure, long millis) {

        static Outcome failed(FuzzCase fuzzCase, Exception e, long millis) {
            return new Outcome(fuzzCase, -1, "", new byte[0], e.getClass().getSimpleName() + ": " + e.getMessage(),
                    millis);
        }

        String describe() {
            String answer = status < 0 ? "no answer (" + failure + ")"
                    : status + " " + contentType + " " + FuzzCase.excerpt(new String(body, StandardCharsets.UTF_8), 200);
            return fuzzCase.describe() + "\n    -> " + answer;
        }
    }

    @Test
    void hostileRequestsNeverBreakTheApiNorItsData() throws Exception {
        long seed = Long.getLong("fuzz.seed", DEFAULT_SEED);
        int requests = Integer.getInteger("fuzz.requests", DEFAULT_REQUESTS);

        String admin = api.adminToken();
        List<Long> orderable = List.of(api.createProduct(admin, "Fuzz lamp", 2_500),
                api.createProduct(admin, "Fuzz chair", 1_000_000_000_000L),
                api.createProduct(admin, "Fuzz pen", 0));
        List<Long> disposable = List.of(api.createProduct(admin, "Fuzz target A", 10),
                api.createProduct(admin, "Fuzz target B", 20));
        long inactive = api.createProduct(admin, "Fuzz gone", 5);
        assertEquals(204, api.send(HttpRequest.DELETE("/api/products/" + inactive), admin).status());

        String victimName = "victim" + System.nanoTime();
        assertEquals(201, api.send(HttpRequest.POST("/api/auth/signup", Map.of("username", victimName,
                "password", "password1"))).status());
        String victim = api.login(victimName, "password1");
        long victimUser = sql.count("SELECT id FROM users WHERE username = ?", victimName);
        var victimOrder = order(victim, orderable.get(0), 3);
        assertEquals(201, victimOrder.status(), victimOrder::toString);
        long victimTotal = ((Number) victimOrder.get("totalAmount")).longValue();

        String attacker = api.newUserToken();
        var ownOrder = order(attacker, orderable.get(2), 1);
        assertEquals(201, ownOrder.status(), ownOrder::toString);

        var known = new Known(orderable, disposable, inactive, victimOrder.id(), victimUser, ownOrder.id());
        var credentials = new Credentials(attacker, admin, garbageAuthorizations(attacker));
        List<FuzzCase> cases = new HostileRequests(new Random(seed), credentials, known).generate(requests);

        var before = watermarks();
        long started = System.nanoTime();
        List<Outcome> outcomes = send(cases);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        report(seed, outcomes, elapsedMillis);
        dump(outcomes);
        assertNoServerErrors(outcomes);
        assertErrorsAreProblems(outcomes);
        assertExpectations(outcomes);
        assertDataIntact(before);
        assertVictimUntouched(victimOrder.id(), victimTotal);
        assertTheApiStillWorks(admin);
    }

    private ApiClient.Answer order(String token, long product, int quantity) {
        return api.send(HttpRequest.POST("/api/orders", Map.of("items",
                List.of(Map.of("productId", product, "quantity", quantity)))), token);
    }

    /**
     * Authorization values that must authenticate no one: malformed, tampered, expired, unsigned or signed with
     * another key, in other schemes.
     */
    private List<String> garbageAuthorizations(String userToken) throws GeneralSecurityException {
        String[] parts = userToken.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + (parts[2].startsWith("A") ? "B" : "A")
                + parts[2].substring(1);
        long past = Instant.now().minusSeconds(60).getEpochSecond();
        String expired = tokens.generateToken(Map.of("sub", "someone", "roles", List.of("ADMIN"), "uid", 1L,
                "exp", past)).orElseThrow();
        String adminClaims = base64Url("{\"sub\":\"admin\",\"roles\":[\"ADMIN\"],\"uid\":1,\"exp\":"
                + (past + 7_200) + "}");
        String unsigned = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + adminClaims + ".";
        String hs256 = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + adminClaims;
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("another-secret-that-is-long-enough-for-hs256".getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        String otherKey = hs256 + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(hs256.getBytes(StandardCharsets.US_ASCII)));
        String wrongTypes = base64Url("{\"alg\":\"HS256\"}") + "." + base64Url("{\"sub\":[1],\"roles\":\"ADMIN\","
                + "\"uid\":\"x\",\"exp\":\"never\"}") + "." + parts[2];
        return List.of("Bearer garbage", "Bearer ", "Bearer", "Bearer " + tampered, "Bearer " + expired,
                "Bearer " + unsigned, "Bearer " + otherKey, "Bearer " + wrongTypes, "Bearer " + userToken + "x",
                "Bearer " + parts[0] + "." + parts[1], "Bearer a.b.c", "Bearer ....", "Bearer " + "A".repeat(5_000),
                "Basic " + Base64.getEncoder().encodeToString("admin:wrong-password1".getBytes(StandardCharsets.UTF_8)),
                "Basic !!!", "Digest username=\"admin\"", "Bearer \u00ff\u00fe", "Bearer " + userToken.replace('.', ' '),
                "Token " + userToken, "Bearer null", "Bearer ' OR 1=1--");
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private List<Outcome> send(List<FuzzCase> cases) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_REQUESTS);
        try (var client = new RawHttpClient("127.0.0.1", server.getPort(), READ_TIMEOUT_MILLIS)) {
            var pending = new ArrayList<Future<Outcome>>(cases.size());
            for (FuzzCase fuzzCase : cases) {
                pending.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    try {
                        var response = client.send(fuzzCase.request());
                        return new Outcome(fuzzCase, response.status(), response.contentType(), response.body(), null,
                                (System.nanoTime() - start) / 1_000_000);
                    } catch (Exception e) {
                        return Outcome.failed(fuzzCase, e, (System.nanoTime() - start) / 1_000_000);
                    }
                }));
            }
            var outcomes = new ArrayList<Outcome>(cases.size());
            for (Future<Outcome> outcome : pending) {
                try {
                    outcomes.add(outcome.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void report(long seed, List<Outcome> outcomes, long elapsedMillis) {
        Map<String, Long> byStatus = outcomes.stream().collect(Collectors.groupingBy(
                o -> o.status() < 0 ? "no answer" : String.valueOf(o.status()), TreeMap::new, Collectors.counting()));
        Map<Integer, Long> withoutBody = outcomes.stream().filter(o -> o.status() >= 400 && o.body().length == 0)
                .collect(Collectors.groupingBy(Outcome::status, TreeMap::new, Collectors.counting()));
        // Where the time went, for a test that has to stay within the suite's budget.
        String slowest = outcomes.stream()
                .collect(Collectors.groupingBy(o -> o.fuzzCase().route(), Collectors.summingLong(Outcome::millis)))
                .entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .map(e -> e.getKey() + " " + e.getValue() + " ms").collect(Collectors.joining(", "));
        System.out.printf("API fuzzing: seed %d (-Dfuzz.seed), %d requests in %d ms (%d at a time)%n"
                        + "  answers by status: %s%n  errors without a body: %s%n  most time (summed over requests): %s%n",
                seed, outcomes.size(), elapsedMillis, PARALLEL_REQUESTS, byStatus, withoutBody, slowest);
    }

    /** With {@code -Dfuzz.dump=FILE}, every request and its answer, for a closer look at a run. */
    private static void dump(List<Outcome> outcomes) throws IOException {
        String file = System.getProperty("fuzz.dump");
        if (file != null) {
            Files.write(Path.of(file), outcomes.stream().map(Outcome::describe).toList(), StandardCharsets.UTF_8);
        }
    }

    private static void assertNoServerErrors(List<Outcome> outcomes) {
        assertNone(outcomes, o -> o.status() < 0 || o.status() >= 500, "requests answered with a 5xx or not at all");
    }

    /**
     * RFC 7807 everywhere the API answers: the framework's own errors too, and errors that would have no body. An
     * answer to HEAD never has a body (RFC 9110), so there it is only checked to have none.
     */
    private static void assertErrorsAreProblems(List<Outcome> outcomes) {
        assertNone(outcomes, o -> o.status() >= 400 && o.status() < 500
                        && (o.fuzzCase().path().startsWith("/api/") || o.fuzzCase().path().startsWith("/login"))
                        && (o.fuzzCase().request().method().equals("HEAD") ? o.body().length > 0
                        : o.body().length == 0 || !o.contentType().startsWith("application/problem+json")),
                "4xx answers of the API that are not an application/problem+json document");
    }

    private static void assertExpectations(List<Outcome> outcomes) {
        assertNone(outcomes, o -> o.fuzzCase().expect() == Expect.NOT_FOUND && o.status() != 404,
                "requests for another user's order not answered 404");
        assertNone(outcomes, o -> o.fuzzCase().expect() == Expect.REFUSED && o.status() >= 200 && o.status() < 400,
                "requests without the needed credentials that succeeded");
    }

    private static void assertNone(List<Outcome> outcomes, Predicate<Outcome> offending, String what) {
        List<Outcome> offenders = outcomes.stream().filter(offending).toList();
        if (!offenders.isEmpty()) {
            fail(offenders.size() + " " + what + " (first " + Math.min(MAX_LISTED, offenders.size()) + "):\n"
                    + offenders.stream().limit(MAX_LISTED).map(Outcome::describe).collect(Collectors.joining("\n")));
        }
    }

    /** The highest ids before fuzzing: everything above them was written by the fuzzed requests. */
    private record Watermarks(long user, long product, long order, long outbox) {
    }

    private Watermarks watermarks() {
        return new Watermarks(maxId("users"), maxId("products"), maxId("orders"), maxId("outbox"));
    }

    private long maxId(String table) {
        return sql.count("SELECT coalesce(max(id), 0) FROM " + table);
    }

    /** Every row the fuzzing wrote is one a valid request could have written, with its event. */
    private void assertDataIntact(Watermarks before) {
        var broken = new ArrayList<String>();
        check(broken, "orders without items", "SELECT count(*) FROM orders o WHERE o.id > ? AND NOT EXISTS "
                + "(SELECT 1 FROM order_items i WHERE i.order_id = o.id)", before.order());
        check(broken, "orders whose total is not the sum of their lines", "SELECT count(*) FROM orders o "
                + "WHERE o.id > ? AND o.total_amount <> (SELECT sum(i.line_total) FROM order_items i "
                + "WHERE i.order_id = o.id)", before.order());
        check(broken, "order lines whose total is not unit price times quantity", "SELECT count(*) FROM order_items "
                + "WHERE order_id > ? AND line_total <> unit_price * quantity", before.order());
        check(broken, "orders without an " + OrderEventType.ORDER_CREATED + " event",
                rowsWithoutEvent("orders", OrderEventType.AGGREGATE_TYPE, OrderEventType.ORDER_CREATED.name()), before.order());
        check(broken, "users whose name signup refuses, or who are not plain users", "SELECT count(*) FROM users "
                + "WHERE id > ? AND (username !~ '^[A-Za-z0-9._-]{3,32}$' OR role <> 'USER')", before.user());
        check(broken, "products without a " + CatalogEventType.PRODUCT_CREATED + " event",
                rowsWithoutEvent("products", CatalogEventType.AGGREGATE_TYPE, CatalogEventType.PRODUCT_CREATED.name()),
                before.product());
        check(broken, "outbox events whose envelope's eventId is not the row's event_id", "SELECT count(*) FROM "
                + "outbox WHERE id > ? AND (event->>'eventId') IS DISTINCT FROM event_id::text", before.outbox());
        assertTrue(broken.isEmpty(), () -> "state after fuzzing: " + broken);
        System.out.printf("API fuzzing wrote %d users, %d products, %d orders, %d outbox events; all consistent%n",
                maxId("users") - before.user(), maxId("products") - before.product(),
                maxId("orders") - before.order(), maxId("outbox") - before.outbox());
    }

    /** Counts the rows of an aggregate's table, above an id, whose creation event is not in the outbox. */
    private static String rowsWithoutEvent(String table, String aggregateType, String eventType) {
        return "SELECT count(*) FROM " + table + " a WHERE a.id > ? AND NOT EXISTS (SELECT 1 FROM outbox e "
                + "WHERE e.aggregate_type = '" + aggregateType + "' AND e.aggregate_id = a.id::text "
                + "AND e.event_type = '" + eventType + "')";
    }

    private void check(List<String> broken, String what, String countQuery, long after) {
        long count = sql.count(countQuery, after);
        if (count > 0) {
            broken.add(count + " " + what);
        }
    }

    private void assertVictimUntouched(long order, long total) {
        assertEquals(1, sql.count("SELECT count(*) FROM orders WHERE id = ? AND status = 'PENDING' "
                + "AND total_amount = ? AND version = 1", order, total), "the victim's order changed");
        assertEquals(1, sql.count("SELECT count(*) FROM outbox WHERE aggregate_type = ? AND aggregate_id = ?",
                OrderEventType.AGGREGATE_TYPE, String.valueOf(order)), "the victim's order has new events");
    }

    /** A newcomer signs up, logs in, orders and reads the order back. */
    private void assertTheApiStillWorks(String admin) {
        long product = api.createProduct(admin, "After fuzzing", 700);
        String newcomer = api.newUserToken();
        var placed = order(newcomer, product, 2);
        assertEquals(201, placed.status(), placed::toString);
        var read = api.send(HttpRequest.GET("/api/orders/" + placed.id()), newcomer);
        assertEquals(200, read.status(), read::toString);
        assertEquals(1_400L, ((Number) read.get("totalAmount")).longValue(), read::toString);
    }
}
