package com.example.commerce.api.fuzz;

import com.example.commerce.api.fuzz.RawHttpClient.Framing;
import com.example.commerce.api.fuzz.RawHttpClient.Header;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Malformed and hostile requests to every route of the API: wrong or missing credentials, bodies of the wrong
 * shape, type or encoding, hostile ids, queries and headers, path tricks. One seeded {@link Random} drives every
 * choice, so a seed always yields the same sequence of requests.
 */
final class HostileRequests {

    /** Who the request claims to come from. */
    enum Who {
        /** No Authorization header. */
        NONE,
        /** Authorization values that authenticate no one. */
        GARBAGE,
        /** The attacker's valid token. */
        USER,
        /** The administrator's valid token. */
        ADMIN,
        /** Two Authorization headers, one of them the user's. */
        MIXED;

        boolean reaches(Access access) {
            return switch (access) {
                case ANYONE -> true;
                case USER -> this == USER || this == ADMIN;
                case ADMIN -> this == ADMIN;
            };
        }
    }

    enum Access { ANYONE, USER, ADMIN }

    enum Body { NONE, SIGNUP, LOGIN, PRODUCT, ORDER, STOCK, PAYMENT, CHANNEL, MEMBER, MESSAGE, EDIT, REPLAY }

    enum Query { NONE, PAGING, SEARCH, DAY }

    /** What the answer must be, beyond "not 5xx". */
    enum Expect {
        ANYTHING,
        /** Another user's order: it does not exist for the caller. */
        NOT_FOUND,
        /** A route the caller may not use: never a 2xx or 3xx. */
        REFUSED
    }

    /**
     * A route of the API table.
     *
     * @param adminSafe whether the administrator's real token may be sent: never where a request would start real
     *                  work (a reindex) or change rows of other tests (requeueing their parked events)
     */
    record Route(String method, String template, Access access, Body body, Query query, boolean adminSafe,
                 int weight) {
    }

    static final List<Route> ROUTES = List.of(
            new Route("POST", "/api/auth/signup", Access.ANYONE, Body.SIGNUP, Query.NONE, false, 8),
            new Route("POST", "/login", Access.ANYONE, Body.LOGIN, Query.NONE, false, 8),
            new Route("GET", "/api/products", Access.ANYONE, Body.NONE, Query.PAGING, true, 3),
            new Route("GET", "/api/products/{product}", Access.ANYONE, Body.NONE, Query.NONE, true, 4),
            new Route("POST", "/api/products", Access.ADMIN, Body.PRODUCT, Query.NONE, true, 9),
            new Route("PUT", "/api/products/{product}", Access.ADMIN, Body.PRODUCT, Query.NONE, true, 7),
            new Route("DELETE", "/api/products/{product}", Access.ADMIN, Body.NONE, Query.NONE, true, 2),
            new Route("POST", "/api/products/{product}/like", Access.USER, Body.NONE, Query.NONE, false, 3),
            new Route("DELETE", "/api/products/{product}/like", Access.USER, Body.NONE, Query.NONE, false, 2),
            new Route("POST", "/api/orders", Access.USER, Body.ORDER, Query.NONE, false, 14),
            new Route("GET", "/api/orders", Access.USER, Body.NONE, Query.PAGING, true, 3),
            new Route("GET", "/api/orders/{order}", Access.USER, Body.NONE, Query.NONE, true, 3),
            new Route("PATCH", "/api/orders/{order}/pay", Access.USER, Body.PAYMENT, Query.NONE, false, 4),
            new Route("PATCH", "/api/orders/{order}/cancel", Access.USER, Body.NONE, Query.NONE, false, 3),
            new Route("GET", "/api/notifications", Access.USER, Body.NONE, Query.PAGING, true, 2),
            new Route("PATCH", "/api/notifications/{id}/read", Access.USER, Body.NONE, Query.NONE, false, 2),
            new Route("GET", "/api/search/products", Access.ANYONE, Body.NONE, Query.SEARCH, true, 7),
            new Route("GET", "/api/admin/outbox/parked", Access.ADMIN, Body.NONE, Query.PAGING, true, 2),
            new Route("POST", "/api/admin/outbox/parked/{id}/requeue", Access.ADMIN, Body.NONE, Query.NONE, false, 2),
            new Route("POST", "/api/admin/outbox/parked/requeue", Access.ADMIN, Body.NONE, Query.NONE, false, 1),
            new Route("POST", "/api/admin/reindex/products", Access.ADMIN, Body.NONE, Query.NONE, false, 2),
            new Route("GET", "/api/admin/reindex/products/{job}", Access.ADMIN, Body.NONE, Query.NONE, true, 2),
            new Route("POST", "/api/admin/replay", Access.ADMIN, Body.REPLAY, Query.NONE, false, 2),
            new Route("GET", "/api/admin/replay/{job}", Access.ADMIN, Body.NONE, Query.NONE, true, 2),
            new Route("PUT", "/api/admin/products/{product}/stock", Access.ADMIN, Body.STOCK, Query.NONE, true, 5),
            new Route("GET", "/api/admin/products/{product}/stock", Access.ADMIN, Body.NONE, Query.NONE, true, 2),
            new Route("DELETE", "/api/admin/products/{product}/stock", Access.ADMIN, Body.NONE, Query.NONE, true, 2),
            new Route("PATCH", "/api/admin/orders/{order}/ship", Access.ADMIN, Body.NONE, Query.NONE, false, 2),
            new Route("PATCH", "/api/admin/orders/{order}/deliver", Access.ADMIN, Body.NONE, Query.NONE, false, 2),
            new Route("PATCH", "/api/admin/orders/{order}/cancel", Access.ADMIN, Body.NONE, Query.NONE, false, 2),
            new Route("GET", "/api/admin/sagas", Access.ADMIN, Body.NONE, Query.PAGING, true, 2),
            new Route("GET", "/api/admin/activity", Access.ADMIN, Body.NONE, Query.DAY, true, 2),
            new Route("POST", "/api/admin/sagas/{order}/retry", Access.ADMIN, Body.NONE, Query.NONE, false, 2),
            new Route("POST", "/api/channels", Access.USER, Body.CHANNEL, Query.NONE, false, 3),
            new Route("GET", "/api/channels", Access.USER, Body.NONE, Query.PAGING, true, 2),
            new Route("POST", "/api/channels/{id}/join", Access.USER, Body.NONE, Query.NONE, false, 2),
            new Route("POST", "/api/channels/{id}/members", Access.USER, Body.MEMBER, Query.NONE, false, 2),
            new Route("DELETE", "/api/channels/{id}/members/{id}", Access.USER, Body.NONE, Query.NONE, false, 2),
            new Route("POST", "/api/channels/{id}/messages", Access.USER, Body.MESSAGE, Query.NONE, false, 4),
            new Route("GET", "/api/channels/{id}/messages", Access.USER, Body.NONE, Query.PAGING, true, 2),
            new Route("PATCH", "/api/messages/{id}", Access.USER, Body.EDIT, Query.NONE, false, 2),
            new Route("DELETE", "/api/messages/{id}", Access.USER, Body.NONE, Query.NONE, false, 2),
            new Route("GET", "/api/messages/search", Access.USER, Body.NONE, Query.SEARCH, true, 4),
            new Route("GET", "/api/admin/kafka/topics", Access.ADMIN, Body.NONE, Query.NONE, true, 1),
            new Route("GET", "/api/admin/kafka/groups", Access.ADMIN, Body.NONE, Query.NONE, true, 1),
            new Route("GET", "/api/admin/dlq/{topic}", Access.ADMIN, Body.NONE, Query.PAGING, true, 2),
            new Route("POST", "/api/admin/dlq/{topic}/{partition}/{offset}/replay", Access.ADMIN, Body.NONE,
                    Query.NONE, false, 2),
            new Route("POST", "/api/admin/dlq/{topic}/{partition}/{offset}/discard", Access.ADMIN, Body.NONE,
                    Query.NONE, false, 2),
            new Route("GET", "/api/admin/outbox/backlog", Access.ADMIN, Body.NONE, Query.NONE, true, 1),
            new Route("GET", "/api/admin/reindex/products", Access.ADMIN, Body.NONE, Query.PAGING, true, 1),
            new Route("GET", "/api/admin/replay", Access.ADMIN, Body.NONE, Query.PAGING, true, 1),
            new Route("GET", "/api/admin/outbox/publish-rate", Access.ADMIN, Body.NONE, Query.NONE, true, 1),
            new Route("GET", "/console", Access.ANYONE, Body.NONE, Query.NONE, true, 1),
            new Route("GET", "/console/{file}", Access.ANYONE, Body.NONE, Query.NONE, true, 1));

    /** The valid tokens, and Authorization header values that must not authenticate anyone. */
    record Credentials(String user, String admin, List<String> garbage) {
    }

    /**
     * Rows made for the fuzzing: products to order (the administrator's requests leave them alone, so that orders
     * keep succeeding), products the administrator's requests may change and delete, an inactive product, the
     * victim's order and the attacker's own order.
     */
    record Known(List<Long> orderable, List<Long> disposable, long inactiveProduct, long victimOrder, long victimUser,
                 long ownOrder) {
    }

    /** One request and what its answer must be. */
    record FuzzCase(int index, String route, Who who, RawHttpClient.Request request, Expect expect) {

        /** The path without query, also for absolute-form targets. */
        String path() {
            String target = request.target();
            if (target.startsWith("http://") || target.startsWith("https://")) {
                int slash = target.indexOf('/', target.indexOf("//") + 2);
                target = slash < 0 ? "/" : target.substring(slash);
            }
            int query = target.indexOf('?');
            return query < 0 ? target : target.substring(0, query);
        }

        String describe() {
            String target = request.target();
            String shownTarget = target.length() > 160 ? target.substring(0, 160) + "...(" + target.length()
                    + " chars)" : target;
            var headers = new StringJoiner(", ", "[", "]");
            request.headers().forEach(h -> headers.add(h.name() + ": " + excerpt(h.value(), 40)));
            return "#" + index + " " + request.method() + " " + printable(shownTarget) + " as " + who + " "
                    + request.framing() + " " + headers + " body(" + request.body().length + " bytes): "
                    + excerpt(new String(request.body(), StandardCharsets.UTF_8), 160);
        }

        /** The start of the text, printable: control characters and lone surrogates escaped. */
        static String excerpt(String text, int max) {
            return printable(text.length() > max ? text.substring(0, max) + "..." : text);
        }

        private static String printable(String text) {
            var shown = new StringBuilder();
            text.codePoints().forEach(c -> {
                if (c < 0x20 || c == 0x7F) {
                    shown.append(String.format("\\x%02x", c));
                } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                    shown.append(String.format("\\u%04x", c));
                } else {
                    shown.appendCodePoint(c);
                }
            });
            return shown.toString();
        }
    }

    private final HostileInput input;
    private final Credentials credentials;
    private final Known known;
    private final int totalWeight = ROUTES.stream().mapToInt(Route::weight).sum();

    HostileRequests(Random random, Credentials credentials, Known known) {
        this.input = new HostileInput(random);
        this.credentials = credentials;
        this.known = known;
    }

    /** {@code count} requests, of which a handful have bodies over the server's 1 MB limit. */
    List<FuzzCase> generate(int count) {
        var cases = new ArrayList<FuzzCase>(count);
        int oversized = Math.min(5, count / 1000);
        for (int index = 0; index < count; index++) {
            if (index % 1000 == 999 && oversized-- > 0) {
                cases.add(oversized(index, oversized));
            } else if (input.chance(0.03)) {
                cases.add(attackOnVictim(index));
            } else if (input.chance(0.03)) {
                cases.add(nowhere(index));
            } else {
                cases.add(onRoute(index, pickRoute()));
            }
        }
        return cases;
    }

    private Route pickRoute() {
        int ticket = input.between(0, totalWeight - 1);
        for (Route route : ROUTES) {
            ticket -= route.weight();
            if (ticket < 0) {
                return route;
            }
        }
        throw new IllegalStateException("weights");
    }

    private FuzzCase onRoute(int index, Route route) {
        Who who = who(route);
        String method = route.method();
        boolean tricked = false;
        // Only reads may go astray with the administrator's token: a trick must not land on a writing route.
        boolean mayStray = who != Who.ADMIN || method.equals("GET");
        if (mayStray && input.chance(0.03)) {
            method = who == Who.ADMIN ? input.pick(List.of("HEAD", "OPTIONS", "GET"))
                    : input.pick(List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "FOO",
                    "get", "CONNECT"));
            tricked = !method.equals(route.method());
        }
        String path = fillIds(route, who);
        // An id like ".." or "%2e%2e%2f" may lead to another route, where other answers are right.
        String lowerCase = path.toLowerCase(Locale.ROOT);
        tricked |= lowerCase.contains("..") || lowerCase.contains("%2e") || lowerCase.contains("%2f")
                || path.contains(" ");
        if (mayStray && input.chance(0.08)) {
            path = pathTrick(path);
            tricked = true;
        } else if (input.chance(0.1)) {
            // The router's other spelling of the same route: every rule of the route holds for it too.
            path += "/";
        }
        String query = query(route);
        if (!query.isEmpty()) {
            path += "?" + query;
        }
        var headers = new ArrayList<Header>();
        authorization(who, headers);
        byte[] body = new byte[0];
        if (route.body() != Body.NONE) {
            body = body(route.body(), headers);
        } else if (input.chance(0.1)) {
            body = bytes(input.jsonValue(0));
            contentType(headers);
        }
        if (route.body() == Body.ORDER) {
            idempotencyKey(headers);
        }
        extraHeaders(headers);
        Expect expect = !tricked && !who.reaches(route.access()) && who != Who.MIXED ? Expect.REFUSED
                : Expect.ANYTHING;
        return new FuzzCase(index, route.method() + " " + route.template(), who,
                new RawHttpClient.Request(method, path, headers, body, framing(body)), expect);
    }

    /** Half of the time the caller the route is for, so that hostile input gets past authentication. */
    private Who who(Route route) {
        boolean intended = input.chance(0.5);
        return switch (route.access()) {
            case ADMIN -> route.adminSafe() && intended ? Who.ADMIN
                    : input.pick(List.of(Who.NONE, Who.GARBAGE, Who.USER, Who.MIXED));
            case USER -> intended ? Who.USER : input.pick(route.adminSafe()
                    ? List.of(Who.NONE, Who.GARBAGE, Who.MIXED, Who.ADMIN) : List.of(Who.NONE, Who.GARBAGE, Who.MIXED));
            case ANYONE -> intended ? Who.NONE : input.pick(route.adminSafe()
                    ? List.of(Who.GARBAGE, Who.USER, Who.MIXED, Who.ADMIN) : List.of(Who.GARBAGE, Who.USER, Who.MIXED));
        };
    }

    private void authorization(Who who, List<Header> headers) {
        switch (who) {
            case NONE -> { }
            case GARBAGE -> {
                headers.add(new Header("Authorization", input.pick(credentials.garbage())));
                if (input.chance(0.1)) {
                    headers.add(new Header("Authorization", input.pick(credentials.garbage())));
                }
            }
            case USER -> headers.add(new Header("Authorization", "Bearer " + credentials.user()));
            case ADMIN -> headers.add(new Header("Authorization", "Bearer " + credentials.admin()));
            case MIXED -> {
                var user = new Header("Authorization", "Bearer " + credentials.user());
                var garbage = new Header("Authorization", input.pick(credentials.garbage()));
                headers.add(input.chance(0.5) ? user : garbage);
                headers.add(headers.get(headers.size() - 1) == user ? garbage : user);
            }
        }
    }

    private String fillIds(Route route, Who who) {
        String path = route.template();
        if (path.contains("{product}")) {
            path = path.replace("{product}", who == Who.ADMIN ? adminProductId() : productId());
        }
        if (path.contains("{order}")) {
            path = path.replace("{order}", input.chance(0.3) ? String.valueOf(known.ownOrder()) : hostileId());
        }
        if (path.contains("{id}")) {
            path = path.replace("{id}", input.chance(0.2) ? String.valueOf(input.between(1, 1_000_000)) : hostileId());
        }
        if (path.contains("{topic}")) {
            path = path.replace("{topic}", input.chance(0.4) ? input.pick(List.of("order-events-dlq",
                    "catalog-events-dlq", "order-events", "absent-dlq", "-dlq", "..-dlq", "%2e%2e-dlq",
                    "a%2Fb-dlq", "__consumer_offsets")) : hostileId());
        }
        if (path.contains("{partition}")) {
            path = path.replace("{partition}", input.chance(0.3) ? String.valueOf(input.between(0, 3)) : hostileId());
        }
        if (path.contains("{offset}")) {
            path = path.replace("{offset}", input.chance(0.3) ? String.valueOf(input.between(0, 1_000_000))
                    : hostileId());
        }
        if (path.contains("{file}")) {
            path = path.replace("{file}", input.chance(0.4) ? input.pick(List.of("index.html", "console.js",
                    "console.css", "..%2fapplication-order-api.properties", "%2e%2e", "META-INF")) : hostileId());
        }
        if (path.contains("{job}")) {
            path = path.replace("{job}", switch (input.between(0, 4)) {
                case 0 -> new UUID(input.anyLong(), input.anyLong()).toString();
                case 1 -> "00000000-0000-0000-0000-000000000000";
                case 2 -> "not-a-uuid";
                case 3 -> "00000000-0000-0000-0000-0000000000000" + input.word();
                default -> input.pick(HostileInput.ABSENT_IDS);
            });
        }
        return path;
    }

    private String productId() {
        return switch (input.between(0, 3)) {
            case 0 -> String.valueOf(input.pick(known.orderable()));
            case 1 -> String.valueOf(known.inactiveProduct());
            default -> hostileId();
        };
    }

    private String adminProductId() {
        return input.chance(0.4) ? String.valueOf(input.pick(known.disposable())) : input.pick(HostileInput.ABSENT_IDS);
    }

    private String hostileId() {
        return input.chance(0.9) ? input.pick(HostileInput.HOSTILE_IDS) : "9" + input.word();
    }

    private String pathTrick(String path) {
        return switch (input.between(0, 16)) {
            case 0 -> "/api/../" + path.substring(path.indexOf('/', 1) + 1);
            case 1 -> path.replaceFirst("/api/", "/api/%2e%2e/%2e%2e/");
            case 2 -> path + "/../../../../etc/passwd";
            case 3 -> path + "%2e%2e%2f%2e%2e%2fadmin%2foutbox%2fparked";
            case 4 -> path + "%00";
            case 5 -> path + "/%zz";
            case 6 -> path + "/" + "a/".repeat(input.between(100, 1_800));
            case 7 -> path + "/" + "x".repeat(input.between(5_000, 20_000));
            case 8 -> "/" + path;
            case 9 -> path.toUpperCase();
            case 10 -> path + "/";
            case 11 -> path + ";jsessionid=1";
            case 12 -> path.replace("/", "%2F");
            case 13 -> path.replace("/", "\\");
            case 14 -> path + "#fragment";
            case 15 -> path + "/\u00ff\u00fe" + "\u00c3\u0028";
            default -> path + "%%%";
        };
    }

    private String query(Route route) {
        return switch (route.query()) {
            case PAGING -> input.chance(0.7) ? input.pick(HostileInput.PAGING_QUERIES) : "";
            case SEARCH -> {
                if (input.chance(0.15)) {
                    yield "q=" + HostileInput.percentEncode(input.chance(0.5) ? input.longText()
                            : input.pick(HostileInput.ODD_TEXT) + input.pick(HostileInput.SQL_INJECTIONS));
                }
                var query = new StringJoiner("&");
                for (int i = input.between(1, 3); i > 0; i--) {
                    query.add(input.pick(HostileInput.SEARCH_QUERIES));
                }
                yield query.toString();
            }
            case DAY -> input.pick(HostileInput.DAY_QUERIES)
                    + (input.chance(0.4) ? "&" + input.pick(HostileInput.PAGING_QUERIES) : "");
            case NONE -> input.chance(0.05) ? input.pick(List.of("a=%zz", "x[]=1&x[]=2", "%00=%00", "&", "id=1",
                    "userId=" + known.victimUser(), "role=ADMIN")) : "";
        };
    }

    /** The body of a route that reads one, with its Content-Type header. */
    private byte[] body(Body kind, List<Header> headers) {
        int mode = input.between(0, 99);
        byte[] body;
        if (mode < 40) {
            body = bytes(shaped(kind));
        } else if (mode < 50) {
            body = bytes(valid(kind));
        } else if (mode < 58) {
            body = bytes(wrongTypes(kind));
        } else if (mode < 66) {
            body = bytes(input.jsonValue(0));
        } else if (mode < 71) {
            body = bytes(deeplyNested(kind));
        } else if (mode < 79) {
            body = bytes(input.truncate(input.chance(0.5) ? shaped(kind) : valid(kind)));
        } else if (mode < 84) {
            body = new byte[0];
        } else if (mode < 92) {
            body = withInvalidUtf8(kind);
        } else {
            body = notJson(kind);
        }
        if (input.chance(0.75)) {
            headers.add(new Header("Content-Type", "application/json"));
            if (input.chance(0.04)) {
                headers.add(new Header("Content-Type", input.pick(List.of("text/plain", "application/json"))));
            }
        } else {
            contentType(headers);
        }
        return body;
    }

    /** A missing, wrong, odd or duplicated Content-Type. */
    private void contentType(List<Header> headers) {
        String value = input.pick(List.of("", "application/json", "text/plain", "application/x-www-form-urlencoded",
                "multipart/form-data", "multipart/form-data; boundary=x", "application/xml",
                "application/json; charset=utf-16", "application/json; charset=nonsense", "application/json;;;",
                "*/*", "application/problem+json", "APPLICATION/JSON", "application/octet-stream", "json",
                "application/json\u0000", "\u00ff\u00fe", "application/json, text/plain"));
        if (!value.isEmpty()) {
            headers.add(new Header("Content-Type", value));
        }
        if (input.chance(0.2)) {
            headers.add(new Header("Content-Type", input.pick(List.of("application/json", "text/html"))));
        }
    }

    private String valid(Body kind) {
        return switch (kind) {
            case SIGNUP -> object(List.of(field("username", HostileInput.quote(input.validUsername())),
                    field("password", HostileInput.quote(input.validPassword()))));
            case LOGIN -> object(List.of(field("username", HostileInput.quote(input.chance(0.2) ? "admin"
                            : input.validUsername())),
                    field("password", HostileInput.quote(input.validPassword()))));
            case PRODUCT -> object(List.of(field("name", HostileInput.quote("Fuzz " + input.word())),
                    field("description", HostileInput.quote(input.word())),
                    field("category", HostileInput.quote(input.word())),
                    field("brand", HostileInput.quote(input.word())),
                    field("price", String.valueOf(input.between(0, 1_000_000))),
                    field("status", HostileInput.quote(input.pick(List.of("ACTIVE", "INACTIVE"))))));
            case ORDER -> {
                var items = new StringJoiner(",", "[", "]");
                var products = new ArrayList<>(known.orderable());
                Collections.shuffle(products, new Random(input.anyLong()));
                for (Long product : products.subList(0, input.between(1, products.size()))) {
                    items.add(object(List.of(field("productId", String.valueOf(product)),
                            field("quantity", String.valueOf(input.between(1, 1000))))));
                }
                yield object(List.of(field("items", items.toString())));
            }
            case STOCK -> object(List.of(field("onHand", String.valueOf(input.between(0, 1_000_000)))));
            case PAYMENT -> object(List.of(field("paymentToken", HostileInput.quote(input.pick(List.of("tok_ok",
                    "tok_decline", "tok_timeout", "tok_refund_fail", "tok_unknown"))))));
            case CHANNEL -> object(List.of(field("name", HostileInput.quote("fuzz " + input.word())),
                    field("private", input.pick(List.of("true", "false")))));
            case MEMBER -> object(List.of(field("username", HostileInput.quote(input.validUsername()))));
            case MESSAGE -> object(List.of(field("content", HostileInput.quote("@" + input.validUsername() + " "
                    + input.word())), field("attachments", "[" + object(List.of(
                    field("name", HostileInput.quote("a.txt")), field("size", "1"),
                    field("contentType", HostileInput.quote("text/plain")),
                    field("url", HostileInput.quote("https://example.com/a")))) + "]")));
            case EDIT -> object(List.of(field("content", HostileInput.quote(input.word()))));
            case REPLAY -> object(List.of(field("readModel", HostileInput.quote(input.pick(List.of("messages",
                    "product-metrics"))))));
            case NONE -> "";
        };
    }

    /** The right shape with hostile values, fields left out, repeated or added. */
    private String shaped(Body kind) {
        return switch (kind) {
            case SIGNUP, LOGIN -> object(mangle(List.of(
                    field("username", input.textField(input.chance(0.15) ? "admin" : input.validUsername())),
                    field("password", input.textField(input.validPassword())))));
            case PRODUCT -> object(mangle(List.of(
                    field("name", input.textField("Fuzz " + input.word())),
                    field("description", input.textField(input.word())),
                    field("category", input.textField(input.word())),
                    field("brand", input.textField(input.word())),
                    field("price", input.numberField(String.valueOf(input.between(0, 1_000_000)))),
                    field("status", input.textField(input.pick(List.of("ACTIVE", "INACTIVE", "active", "DELETED",
                            "PENDING", "")))))));
            case ORDER -> object(mangle(List.of(field("items", items()))));
            case STOCK -> object(mangle(List.of(field("onHand", input.numberField(String.valueOf(
                    input.pick(List.of(-1, 0, 1, 1_000_000, 1_000_001, Integer.MAX_VALUE))))))));
            case PAYMENT -> object(mangle(List.of(field("paymentToken", input.textField("tok_ok")))));
            case CHANNEL -> object(mangle(List.of(field("name", input.textField("fuzz " + input.word())),
                    field("private", input.pick(List.of("true", "false", "null", "1", "\"yes\"", "[]"))))));
            case MEMBER -> object(mangle(List.of(field("username", input.textField(input.validUsername())))));
            case MESSAGE -> object(mangle(List.of(field("content", input.textField("@admin " + input.word())),
                    field("attachments", input.chance(0.5) ? input.jsonValue(2) : "[" + object(mangle(List.of(
                            field("name", input.textField("a.txt")),
                            field("size", input.numberField("1")),
                            field("contentType", input.textField("text/plain")),
                            field("url", input.textField("https://example.com/a"))))) + "]"))));
            case EDIT -> object(mangle(List.of(field("content", input.textField(input.word())))));
            case REPLAY -> object(mangle(List.of(field("readModel", input.textField("messages")))));
            case NONE -> "";
        };
    }

    private String items() {
        return switch (input.between(0, 5)) {
            case 0 -> input.jsonValue(2);
            case 1 -> "[]";
            case 2 -> {
                // Over the 100-item limit, or exactly at it.
                var items = new StringJoiner(",", "[", "]");
                String item = object(List.of(field("productId", String.valueOf(input.pick(known.orderable()))),
                        field("quantity", "1")));
                for (int i = input.pick(List.of(100, 101, 1_000)); i > 0; i--) {
                    items.add(item);
                }
                yield items.toString();
            }
            default -> {
                var items = new StringJoiner(",", "[", "]");
                for (int i = input.between(1, 4); i > 0; i--) {
                    long product = input.chance(0.7) ? input.pick(known.orderable()) : known.inactiveProduct();
                    items.add(input.chance(0.1) ? input.jsonValue(2) : object(mangle(List.of(
                            field("productId", input.numberField(String.valueOf(product))),
                            field("quantity", input.numberField(String.valueOf(input.between(1, 1000))))))));
                }
                yield items.toString();
            }
        };
    }

    /** Every field of the shape with a value of another type. */
    private String wrongTypes(Body kind) {
        List<String> names = switch (kind) {
            case SIGNUP, LOGIN -> List.of("username", "password");
            case PRODUCT -> List.of("name", "description", "category", "brand", "price", "status");
            case ORDER -> List.of("items");
            case STOCK -> List.of("onHand");
            case PAYMENT -> List.of("paymentToken");
            case CHANNEL -> List.of("name", "private");
            case MEMBER -> List.of("username");
            case MESSAGE -> List.of("content", "attachments");
            case EDIT -> List.of("content");
            case REPLAY -> List.of("readModel");
            case NONE -> List.of();
        };
        var fields = new ArrayList<String>();
        for (String name : names) {
            fields.add(field(name, input.pick(List.of("123", "-1", "1e400", "true", "null", "[]", "{}",
                    "[" + input.jsonString() + "]", "{\"value\":" + input.jsonNumber() + "}", "\"1000\"",
                    input.jsonString()))));
        }
        if (kind == Body.ORDER && input.chance(0.5)) {
            fields = new ArrayList<>(List.of(field("items", "[" + object(List.of(
                    field("productId", input.pick(List.of("\"1\"", "true", "[1]", "{}", "1.5", "null"))),
                    field("quantity", input.pick(List.of("\"2\"", "false", "[]", "2.5", "null", "{}"))))) + "]")));
        }
        return object(fields);
    }

    private String deeplyNested(Body kind) {
        int levels = input.between(20, 200);
        if (input.chance(0.5)) {
            return input.deepJson(levels);
        }
        String field = switch (kind) {
            case SIGNUP, LOGIN -> "username";
            case PRODUCT -> "name";
            case STOCK -> "onHand";
            case PAYMENT -> "paymentToken";
            case CHANNEL -> "name";
            case MEMBER -> "username";
            case MESSAGE, EDIT -> "content";
            default -> "items";
        };
        return object(List.of(field(field, input.deepJson(levels))));
    }

    /** A plausible document with bytes inside that are not UTF-8. */
    private byte[] withInvalidUtf8(Body kind) {
        String json = input.chance(0.5) ? valid(kind) : shaped(kind);
        int quote = json.indexOf("\":\"");
        int cut = quote > 0 ? quote + 3 : input.between(0, json.length());
        var body = new ByteArrayOutputStream();
        body.writeBytes(bytes(json.substring(0, cut)));
        body.writeBytes(input.invalidUtf8());
        body.writeBytes(bytes(json.substring(cut)));
        return body.toByteArray();
    }

    private byte[] notJson(Body kind) {
        return switch (input.between(0, 6)) {
            case 0 -> bytes("username=admin&password=admin-password-1&price=1");
            case 1 -> bytes("<order><items><productId>1</productId></items></order>");
            case 2 -> bytes(input.pick(List.of("null", "true", "0", "\"\"", "[]", "{}", " ", "\n")));
            case 3 -> {
                byte[] noise = new byte[input.between(1, 512)];
                for (int i = 0; i < noise.length; i++) {
                    noise[i] = (byte) input.between(0, 255);
                }
                yield noise;
            }
            case 4 -> valid(kind).getBytes(StandardCharsets.UTF_16LE);
            case 5 -> ("\uFEFF" + valid(kind)).getBytes(StandardCharsets.UTF_8);
            default -> bytes(valid(kind) + valid(kind));
        };
    }

    /** Leaves a field out, repeats one (first or last wins?) or adds unknown ones, now and then. */
    private List<String> mangle(List<String> fields) {
        var mangled = new ArrayList<>(fields);
        if (input.chance(0.15) && !mangled.isEmpty()) {
            mangled.remove(input.between(0, mangled.size() - 1));
        }
        if (input.chance(0.1) && !fields.isEmpty()) {
            mangled.add(input.pick(fields));
        }
        if (input.chance(0.15)) {
            mangled.add(field(input.pick(List.of("id", "role", "userId", "status", "totalAmount", "version",
                    "password_hash", "createdAt")), input.jsonValue(2)));
        }
        return mangled;
    }

    private static String field(String name, String jsonValue) {
        return HostileInput.quote(name) + ":" + jsonValue;
    }

    private static String object(List<String> fields) {
        return "{" + String.join(",", fields) + "}";
    }

    private void idempotencyKey(List<Header> headers) {
        if (input.chance(0.4)) {
            return;
        }
        String key = switch (input.between(0, 13)) {
            case 0 -> "";
            case 1 -> "   ";
            case 2 -> "k".repeat(128);
            case 3 -> "k".repeat(129);
            case 4 -> "k".repeat(input.between(1_000, 4_000));
            case 5 -> new String(("\u5BC6\uD83D\uDE00" + input.word()).getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.ISO_8859_1);
            case 6 -> "a\u0000b";
            case 7 -> "\u00ff\u00fe\u00c3\u0028";
            case 8 -> input.pick(HostileInput.SQL_INJECTIONS);
            case 9 -> "k-1, k-2";
            default -> "k-" + input.between(1, 6);
        };
        headers.add(new Header("Idempotency-Key", key));
        if (input.chance(0.15)) {
            headers.add(new Header("Idempotency-Key", input.chance(0.5) ? key : "k-" + input.between(1, 6)));
        }
    }

    private void extraHeaders(List<Header> headers) {
        if (input.chance(0.05)) {
            headers.add(new Header("Accept", input.pick(List.of("text/html", "application/xml", "*/*", ";;;",
                    "application/problem+json", "image/png", "application/json;q=0"))));
        }
        if (input.chance(0.03)) {
            headers.add(new Header("traceparent", input.pick(List.of("garbage", "00-" + "0".repeat(32) + "-"
                    + "0".repeat(16) + "-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" + "x".repeat(500), "\u00ff"))));
        }
        if (input.chance(0.01)) {
            headers.add(new Header("X-Fuzz", "a".repeat(input.between(9_000, 20_000))));
        }
        if (input.chance(0.01)) {
            headers.add(new Header(input.pick(List.of("X-Fuzz", "X Fuzz", "X-Fuzz\u0000", "")), "a\u0000b\u0001"));
        }
        if (input.chance(0.01)) {
            headers.add(new Header("Host", input.pick(List.of("evil.example", "", "localhost:0", "\u00ff"))));
        }
        if (input.chance(0.01)) {
            headers.add(new Header("X-Forwarded-For", input.pick(List.of("' OR 1=1", "999.999.999.999", "::::"))));
        }
        if (input.chance(0.1)) {
            // Forged forwarding: no proxy is trusted here, so none of these may change who the client is.
            String forged = input.between(1, 254) + "." + input.between(0, 255) + ".0." + input.between(1, 254);
            headers.add(new Header("X-Forwarded-For", input.chance(0.5) ? forged : forged + ", 127.0.0.1"));
            if (input.chance(0.5)) {
                headers.add(new Header("Forwarded", "for=" + forged + ";proto=https"));
            }
        }
    }

    /** Mostly an exact length; sometimes chunks; no length at all only for empty bodies. */
    private Framing framing(byte[] body) {
        if (input.chance(0.1)) {
            return Framing.CHUNKED;
        }
        return body.length == 0 && input.chance(0.5) ? Framing.NONE : Framing.LENGTH;
    }

    /** The attacker's reads, payments and cancellations of the victim's order. */
    private FuzzCase attackOnVictim(int index) {
        String method = input.pick(List.of("GET", "PATCH", "PATCH"));
        String path = "/api/orders/" + known.victimOrder();
        if (method.equals("PATCH")) {
            path += input.pick(List.of("/pay", "/cancel"));
        }
        if (input.chance(0.3)) {
            path += "?" + input.pick(List.of("userId=" + known.victimUser(), "user=" + known.victimUser(),
                    "id=" + known.victimOrder(), "role=ADMIN"));
        }
        var headers = new ArrayList<Header>();
        headers.add(new Header("Authorization", "Bearer " + credentials.user()));
        if (input.chance(0.3)) {
            headers.add(new Header(input.pick(List.of("X-User-Id", "X-Forwarded-User", "X-Role")),
                    String.valueOf(known.victimUser())));
        }
        byte[] body = new byte[0];
        if (input.chance(0.3)) {
            headers.add(new Header("Content-Type", "application/json"));
            body = bytes("{\"userId\":" + known.victimUser() + ",\"status\":\"PAID\"}");
        }
        return new FuzzCase(index, "victim's order", Who.USER,
                new RawHttpClient.Request(method, path, headers, body, framing(body)), Expect.NOT_FOUND);
    }

    /** No route at all: unknown paths, odd request targets. */
    private FuzzCase nowhere(int index) {
        String target = input.pick(List.of("/api", "/api/", "/api/nothing", "/api/orders/1/refund",
                "/api/admin", "/api/admin/users", "/login/../api/admin/outbox/parked", "/api/auth", "/api/auth/signup/x",
                "*", "/%", "/api/%zz%zz", "/api/\u00c3\u0028", "http://127.0.0.1/api/products",
                "/api/products?" + "&".repeat(5_000), "/swagger/../../etc/passwd", "/api/search",
                "/api/search/products/1", "/LOGIN", "/login?username=admin&password=admin-password-1"));
        String method = input.pick(List.of("GET", "POST", "PUT", "DELETE", "PATCH"));
        var headers = new ArrayList<Header>();
        Who who = input.pick(List.of(Who.NONE, Who.GARBAGE, Who.USER));
        authorization(who, headers);
        byte[] body = method.equals("GET") || method.equals("DELETE") ? new byte[0] : bytes(input.jsonValue(1));
        if (body.length > 0) {
            headers.add(new Header("Content-Type", "application/json"));
        }
        return new FuzzCase(index, "no route", who,
                new RawHttpClient.Request(method, target, headers, body, framing(body)), Expect.ANYTHING);
    }

    /** A body over the 1 MB limit; there are only a few, since each costs a megabyte or two on the wire. */
    private FuzzCase oversized(int index, int variant) {
        String padding = "x".repeat(1_100_000 + variant * 200_000);
        var headers = new ArrayList<Header>();
        headers.add(new Header("Content-Type", "application/json"));
        String method = "POST";
        String path;
        String json;
        Who who;
        switch (variant) {
            case 0 -> {
                path = "/api/auth/signup";
                json = "{\"username\":\"" + padding + "\",\"password\":\"secret123\"}";
                who = Who.NONE;
            }
            case 1 -> {
                path = "/api/products";
                json = "{\"name\":\"Big\",\"description\":\"" + padding + "\",\"category\":\"c\",\"brand\":\"b\","
                        + "\"price\":1}";
                who = Who.ADMIN;
            }
            case 2 -> {
                path = "/api/orders";
                json = "{\"items\":[" + ("{\"productId\":1,\"quantity\":1},".repeat(padding.length() / 30)) + "]}";
                who = Who.USER;
            }
            case 3 -> {
                path = "/login";
                json = "{\"username\":\"admin\",\"password\":\"" + padding + "\"}";
                who = Who.NONE;
                headers.add(new Header("Expect", "100-continue"));
            }
            default -> {
                method = "PUT";
                path = "/api/products/" + known.disposable().get(0);
                json = "[" + "1,".repeat(padding.length() / 2) + "1]";
                who = Who.ADMIN;
            }
        }
        authorization(who, headers);
        byte[] body = bytes(json);
        return new FuzzCase(index, "oversized body", who, new RawHttpClient.Request(method, path, headers, body,
                variant == 1 ? Framing.CHUNKED : Framing.LENGTH), Expect.ANYTHING);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
