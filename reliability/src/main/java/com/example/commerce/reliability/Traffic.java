package com.example.commerce.reliability;

import com.example.commerce.testsupport.load.Latencies;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Order traffic at a constant rate, open loop (a slow answer does not slow the next request down): creates, pays
 * (with every sandbox payment token) and cancels of the harness's users, and the administrator's ships and
 * deliveries, over products of which a quarter have a limited stock. Every create carries an Idempotency-Key, so
 * an answer lost to a time-out is recovered afterwards by sending the same request again; a transition whose
 * answer was lost is read back. A 503 (the API cannot serve right now) is settled the same way.
 *
 * <p>A tenth of the requests are the collaboration space's: messages posted in the harness's channels, each
 * mentioning another member (and now and then someone who is not one, to be ignored), edited with a new mention,
 * or deleted by their authors. A message operation whose answer was lost is not settled: the verification compares
 * what the database holds with the read sides, whatever it is ({@link MessageVerification}).
 */
final class Traffic {

    enum Kind { CREATE, PAY, CANCEL, SHIP, DELIVER, POST_MESSAGE, EDIT_MESSAGE, DELETE_MESSAGE }

    /** The sandbox gateway's test tokens, and how often a pay uses each (out of 100). */
    private static final List<String> PAYMENT_TOKENS = List.of("tok_ok", "tok_decline", "tok_timeout", "tok_refund_fail");
    private static final int[] PAYMENT_TOKEN_WEIGHTS = {70, 10, 10, 10};
    /** Every STOCK_LIMITED-th product has a stock of STOCK units; the others are not tracked. */
    private static final int STOCK_LIMITED = 4;
    private static final int STOCK = 60;
    /** Requests of the collaboration space, out of 100; channels the harness's users are members of. */
    private static final int MESSAGE_SHARE = 10;
    private static final int CHANNELS = 5;
    private static final List<String> WORDS = List.of("배포", "release", "회의를", "deploy", "검토", "review",
            "일정이", "budget", "무선키보드", "<b>markup</b>");

    /** Counters of one kind of request. */
    static final class Counts {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        /** 5xx other than 503. */
        final AtomicLong serverErrors = new AtomicLong();
        /** 503: the API said it cannot serve right now; the request is settled afterwards like an unanswered one. */
        final AtomicLong unavailable = new AtomicLong();
        final AtomicLong noAnswer = new AtomicLong();
    }

    /** One request: when it was sent, how long its answer took (-1: none) and its status (0: none). */
    private record Sample(Instant sentAt, long micros, int status) {
    }

    /**
     * The requests sent in a time window (a fault's outage): how many, how they were answered, and the slowest
     * answer.
     */
    record Window(long sent, long succeeded, long refused, long unavailable, long otherServerErrors, long noAnswer,
                  long slowerThanASecond, double maxLatencyMillis) {
    }

    private record PendingCreate(int user, String idempotencyKey, String body) {
    }

    private record PendingTransition(AcceptedOrders.TrackedOrder order, Kind kind) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiUrl;
    private final Random random;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final HttpClient http;
    private final AcceptedOrders acceptedOrders = new AcceptedOrders();
    private final Map<Kind, Counts> counts = new EnumMap<>(Kind.class);
    private volatile Latencies latencies = new Latencies("answered requests");
    /** The instant the request being sent now was due (the sender is one thread): latencies are taken from it. */
    private long dueNanos;
    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<PendingCreate> unansweredCreates = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<PendingTransition> unansweredTransitions = new ConcurrentLinkedQueue<>();
    private final Phaser inFlight = new Phaser(1);
    /** Per second of the run (by when the request was sent): requests without an answer, and answers over 1 s. */
    private final ConcurrentHashMap<Long, AtomicLong> unansweredBySecond =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, AtomicLong> slowBySecond =
            new ConcurrentHashMap<>();
    private volatile long runStartNanos;
    private final List<String> tokens = new ArrayList<>();
    private final List<Long> products = new ArrayList<>();
    /** The on-hand quantity the administrator set, by product (stock-limited products only). */
    private final Map<Long, Long> initialStock = new ConcurrentHashMap<>();
    private String adminToken;
    private final List<String> usernames = new ArrayList<>();
    /** Each channel's id and the users (indexes into tokens) who are its members. */
    private final List<Long> channels = new ArrayList<>();
    private final List<List<Integer>> channelMembers = new ArrayList<>();
    /** Messages answered 201 and not deleted, by id, with their authors: what edits and deletes pick from. */
    private final List<long[]> editableMessages = new ArrayList<>();
    private final Set<Long> acceptedMessages = ConcurrentHashMap.newKeySet();
    private final Set<Long> deletedMessages = ConcurrentHashMap.newKeySet();
    private final AtomicLong messageNumber = new AtomicLong();

    Traffic(String apiUrl, long seed) {
        for (Kind kind : Kind.values()) {
            counts.put(kind, new Counts());
        }
        this.apiUrl = apiUrl;
        this.random = new Random(seed);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Products through the admin API and users through sign-up and log-in, as a client would create them. */
    void setUp(int userCount, int productCount) {
        String admin = login("admin", "admin-password-1");
        adminToken = admin;
        for (int i = 0; i < productCount; i++) {
            JsonNode product = call("POST", "/api/products", admin, null, Map.of("name", "Harness product " + i,
                    "description", "a product of the reliability harness", "category", "harness",
                    "brand", "brand-" + (i % 10), "price", 100 + random.nextInt(10_000)), 201);
            long id = product.get("id").asLong();
            products.add(id);
            if (i % STOCK_LIMITED == 0) {
                call("PUT", "/api/admin/products/" + id + "/stock", admin, null, Map.of("onHand", STOCK), 200);
                initialStock.put(id, (long) STOCK);
            }
        }
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < userCount; i++) {
            String username = "harness-" + run + "-" + i;
            call("POST", "/api/auth/signup", null, null, Map.of("username", username, "password", "harness-pw-1"), 201);
            tokens.add(login(username, "harness-pw-1"));
            usernames.add(username);
        }
        // The first user owns every channel; each other user is a member of one.
        for (int c = 0; c < CHANNELS; c++) {
            channels.add(call("POST", "/api/channels", tokens.get(0), null, Map.of("name", "harness-" + run + "-" + c,
                    "private", false), 201).get("id").asLong());
            channelMembers.add(new ArrayList<>(List.of(0)));
        }
        for (int i = 1; i < userCount; i++) {
            int c = i % CHANNELS;
            call("POST", "/api/channels/" + channels.get(c) + "/join", tokens.get(i), null, null, 200);
            channelMembers.get(c).add(i);
        }
    }

    private String login(String username, String password) {
        return call("POST", "/login", null, null, Map.of("username", username, "password", password), 200)
                .get("access_token").asText();
    }

    /** Sends {@code rate} requests per second for {@code duration}, then waits for every answer. */
    void run(int rate, Duration duration) {
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        runStartNanos = start;
        long end = start + duration.toNanos();
        long next = start;
        while (next < end) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            dueNanos = next;
            if (random.nextInt(100) < MESSAGE_SHARE && !channels.isEmpty()) {
                sendMessageOperation();
                next += interval;
                continue;
            }
            int dice = random.nextInt(100);
            Kind transition = dice < 45 ? null : dice < 70 ? Kind.PAY : dice < 80 ? Kind.CANCEL
                    : dice < 90 ? Kind.SHIP : Kind.DELIVER;
            if (transition == null || !sendTransition(transition)) {
                sendCreate();
            }
            next += interval;
        }
        inFlight.arriveAndAwaitAdvance();
    }

    private void sendCreate() {
        int user = random.nextInt(tokens.size());
        var shuffled = new ArrayList<>(products);
        Collections.shuffle(shuffled, random);
        var items = shuffled.subList(0, 1 + random.nextInt(3)).stream()
                .map(product -> Map.of("productId", product, "quantity", 1 + random.nextInt(5))).toList();
        var create = new PendingCreate(user, UUID.randomUUID().toString(), json(Map.of("items", items)));
        send(Kind.CREATE, request("POST", "/api/orders", tokens.get(user), create.idempotencyKey(), create.body()),
                answer -> {
                    if (answer.statusCode() == 201) {
                        acceptedOrders.created(new AcceptedOrders.TrackedOrder(parse(answer.body()).get("id").asLong(), user));
                        return true;
                    }
                    return false;
                },
                () -> unansweredCreates.add(create));
    }

    private boolean sendTransition(Kind kind) {
        AcceptedOrders.TrackedOrder order = switch (kind) {
            case PAY -> acceptedOrders.takePending(random);
            case CANCEL -> acceptedOrders.takeCancellable(random);
            case SHIP -> acceptedOrders.takePaid(random);
            case DELIVER -> acceptedOrders.takeShipped(random);
            case CREATE, POST_MESSAGE, EDIT_MESSAGE, DELETE_MESSAGE ->
                    throw new IllegalArgumentException("not a transition of an order");
        };
        if (order == null) {
            return false;
        }
        boolean byAdmin = kind == Kind.SHIP || kind == Kind.DELIVER;
        String token = byAdmin ? adminToken : tokens.get(order.user);
        String path = (byAdmin ? "/api/admin/orders/" : "/api/orders/") + order.id + "/"
                + kind.name().toLowerCase(Locale.ROOT);
        String paymentToken = kind == Kind.PAY ? paymentToken() : null;
        String body = paymentToken == null ? "{}" : json(Map.of("paymentToken", paymentToken));
        send(kind, request("PATCH", path, token, null, body),
                answer -> {
                    boolean expected = settle(order, kind, paymentToken, answer.statusCode(), answer.body());
                    acceptedOrders.release(order);
                    return expected;
                },
                () -> unansweredTransitions.add(new PendingTransition(order, kind)));
        return true;
    }

    /** Posts (70%), edits (20%) or deletes (10%) a message; an edit or delete without a message to pick posts. */
    private void sendMessageOperation() {
        int dice = random.nextInt(100);
        long[] message = dice < 70 ? null : takeEditableMessage();
        if (message == null) {
            postMessage();
        } else if (dice < 90) {
            editMessage(message[0], (int) message[1]);
        } else {
            deleteMessage(message[0], (int) message[1]);
        }
    }

    private void postMessage() {
        int c = random.nextInt(channels.size());
        List<Integer> members = channelMembers.get(c);
        int author = members.get(random.nextInt(members.size()));
        String body = json(Map.of("content", messageContent(members, author)));
        send(Kind.POST_MESSAGE, request("POST", "/api/channels/" + channels.get(c) + "/messages", tokens.get(author),
                null, body), answer -> {
                    if (answer.statusCode() != 201) {
                        return false;
                    }
                    long id = parse(answer.body()).get("id").asLong();
                    acceptedMessages.add(id);
                    synchronized (editableMessages) {
                        editableMessages.add(new long[]{id, author});
                    }
                    return true;
                }, () -> { });
    }

    private void editMessage(long id, int author) {
        List<Integer> members = channelMembers.stream().filter(m -> m.contains(author) && m.size() > 1)
                .findFirst().orElse(channelMembers.get(0));
        String body = json(Map.of("content", messageContent(members, author)));
        send(Kind.EDIT_MESSAGE, request("PATCH", "/api/messages/" + id, tokens.get(author), null, body), answer -> {
            synchronized (editableMessages) {
                editableMessages.add(new long[]{id, author});
            }
            return answer.statusCode() == 200;
        }, () -> { });
    }

    private void deleteMessage(long id, int author) {
        send(Kind.DELETE_MESSAGE, request("DELETE", "/api/messages/" + id, tokens.get(author), null, null), answer -> {
            if (answer.statusCode() == 204) {
                deletedMessages.add(id);
                return true;
            }
            return false;
        }, () -> deletedMessages.add(id)); // perhaps deleted: the verification reads the database
    }

    /** Takes a message out of the pool while a request works on it, so that no edit races its deletion. */
    private long[] takeEditableMessage() {
        synchronized (editableMessages) {
            if (editableMessages.isEmpty()) {
                return null;
            }
            int i = random.nextInt(editableMessages.size());
            long[] taken = editableMessages.get(i);
            editableMessages.set(i, editableMessages.get(editableMessages.size() - 1));
            editableMessages.remove(editableMessages.size() - 1);
            return taken;
        }
    }

    /**
     * Words in Korean and English (markup included, stored as text), a mention of another member of the channel
     * and, one time in five, of a user who is not a member (ignored by the API).
     */
    private String messageContent(List<Integer> members, int author) {
        var content = new StringBuilder("harness message ").append(messageNumber.incrementAndGet());
        for (int i = 0; i < 3; i++) {
            content.append(' ').append(WORDS.get(random.nextInt(WORDS.size())));
        }
        int mentioned = members.get(random.nextInt(members.size()));
        if (mentioned != author) {
            content.append(" @").append(usernames.get(mentioned));
        }
        if (random.nextInt(5) == 0) {
            int outsider = random.nextInt(usernames.size());
            if (!members.contains(outsider)) {
                content.append(" @").append(usernames.get(outsider));
            }
        }
        return content.toString();
    }

    private String paymentToken() {
        int dice = random.nextInt(100);
        for (int i = 0; i < PAYMENT_TOKENS.size(); i++) {
            dice -= PAYMENT_TOKEN_WEIGHTS[i];
            if (dice < 0) {
                return PAYMENT_TOKENS.get(i);
            }
        }
        return PAYMENT_TOKENS.get(0);
    }

    /**
     * What an answer to a transition confirms. Expected refusals are part of the traffic: a declined test token
     * (402), a gateway answer that did not come (202, settled by reconciliation: tok_timeout, or any token during a
     * fault), a ship before the shipment is scheduled (409, the
     * order stays PAID), and a 409 on an order the saga cancelled (checked by the verification).
     *
     * @return whether the answer was one the request can expect
     */
    private static boolean settle(AcceptedOrders.TrackedOrder order, Kind kind, String paymentToken, int status,
                                  String body) {
        if (status == 409) {
            String current = currentStatus(body);
            if ("CANCELLED".equals(current)) {
                order.cancelledBySaga = true;
                return true;
            }
            return kind == Kind.SHIP && "PAID".equals(current);
        }
        return switch (kind) {
            case PAY -> {
                if (status == 200) {
                    order.paid = true;
                    yield true;
                }
                // 202: the gateway's answer did not come, with tok_timeout by design and with any token while a
                // fault takes a part away (the sandbox gateway keeps its charges in the database); reconciliation
                // settles it, and the verification checks the outcome.
                if (status == 202) {
                    order.paymentUnknown = true;
                    order.paymentMayFail = !"tok_timeout".equals(paymentToken);
                    yield true;
                }
                yield status == 402 && "tok_decline".equals(paymentToken);
            }
            case CANCEL -> {
                order.cancelled = status == 200;
                yield order.cancelled;
            }
            case SHIP -> {
                order.shipped = status == 200;
                yield order.shipped;
            }
            case DELIVER -> {
                order.delivered = status == 200;
                yield order.delivered;
            }
            case CREATE, POST_MESSAGE, EDIT_MESSAGE, DELETE_MESSAGE -> false;
        };
    }

    private static String currentStatus(String problem) {
        try {
            return JSON.readTree(problem).path("context").path("currentStatus").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    private void send(Kind kind, HttpRequest request, Predicate<HttpResponse<String>> onAnswer,
                      Runnable onNoAnswer) {
        Counts count = counts.get(kind);
        count.sent.incrementAndGet();
        inFlight.register();
        long started = dueNanos;
        Instant sentAt = Instant.now();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((answer, error) -> {
            try {
                long second = (started - runStartNanos) / 1_000_000_000L;
                if (error != null) {
                    samples.add(new Sample(sentAt, -1, 0));
                    unansweredBySecond.computeIfAbsent(second, s -> new AtomicLong()).incrementAndGet();
                    count.noAnswer.incrementAndGet();
                    onNoAnswer.run();
                    return;
                }
                long nanos = System.nanoTime() - started;
                long micros = nanos / 1000;
                latencies.recordNanos(nanos);
                samples.add(new Sample(sentAt, micros, answer.statusCode()));
                if (micros > 1_000_000) {
                    slowBySecond.computeIfAbsent(second, s -> new AtomicLong()).incrementAndGet();
                }
                if (answer.statusCode() == 503) {
                    count.unavailable.incrementAndGet();
                    onNoAnswer.run();
                } else if (answer.statusCode() >= 500) {
                    count.serverErrors.incrementAndGet();
                    failures.add(kind + " " + request.uri().getPath() + " -> " + answer.statusCode() + " "
                            + abbreviate(answer.body()));
                    onNoAnswer.run();
                } else if (onAnswer.test(answer)) {
                    count.accepted.incrementAndGet();
                } else {
                    count.rejected.incrementAndGet();
                    failures.add(kind + " " + request.uri().getPath() + " -> " + answer.statusCode() + " "
                            + abbreviate(answer.body()));
                }
            } catch (RuntimeException e) {
                failures.add(kind + " " + request.uri().getPath() + " -> unreadable answer: " + e);
            } finally {
                inFlight.arriveAndDeregister();
            }
        });
    }

    /**
     * Settles the requests whose answer never came: a create is sent again with its Idempotency-Key (the API
     * answers with the order it already created, or creates it now); a transition is read back from the order.
     *
     * @return how many stayed unsettled (the API never answered even the retries)
     */
    int settleUnanswered() {
        int unsettled = 0;
        for (PendingCreate create : unansweredCreates) {
            JsonNode order = retry(request("POST", "/api/orders", tokens.get(create.user()), create.idempotencyKey(),
                    create.body()), 201, 200);
            if (order == null) {
                unsettled++;
            } else {
                acceptedOrders.created(new AcceptedOrders.TrackedOrder(order.get("id").asLong(), create.user()));
            }
        }
        for (PendingTransition transition : unansweredTransitions) {
            var order = transition.order();
            JsonNode current = retry(request("GET", "/api/orders/" + order.id, tokens.get(order.user), null, null), 200);
            if (current == null) {
                unsettled++;
                continue;
            }
            String status = current.get("status").asText();
            String reason = current.path("cancellationReason").asText("");
            String payment = current.path("payment").path("status").asText("");
            switch (transition.kind()) {
                case PAY -> {
                    order.paid = !status.equals("PENDING") && !status.equals("CANCELLED") && payment.equals("CAPTURED");
                    order.paymentUnknown = payment.equals("PENDING");
                    order.paymentMayFail = order.paymentUnknown; // the token of the unanswered request is not kept
                }
                case CANCEL -> order.cancelled = status.equals("CANCELLED") && reason.equals("USER");
                case SHIP -> order.shipped = status.equals("SHIPPED") || status.equals("DELIVERED");
                case DELIVER -> order.delivered = status.equals("DELIVERED");
                case CREATE, POST_MESSAGE, EDIT_MESSAGE, DELETE_MESSAGE -> { }
            }
            if (status.equals("CANCELLED") && !reason.equals("USER")) {
                order.cancelledBySaga = true;
            }
            acceptedOrders.release(order);
        }
        return unsettled;
    }

    private JsonNode retry(HttpRequest request, int... okStatuses) {
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                var answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                for (int ok : okStatuses) {
                    if (answer.statusCode() == ok) {
                        return parse(answer.body());
                    }
                }
                failures.add("settling " + request.uri().getPath() + " -> " + answer.statusCode() + " "
                        + abbreviate(answer.body()));
                if (answer.statusCode() < 500) {
                    return null;
                }
            } catch (IOException e) {
                LocalStack.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    private JsonNode call(String method, String path, String token, String idempotencyKey, Object body, int expected) {
        HttpResponse<String> answer;
        try {
            answer = http.send(request(method, path, token, idempotencyKey, body == null ? null : json(body)),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e, e);
        }
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
        return parse(answer.body());
    }

    private HttpRequest request(String method, String path, String token, String idempotencyKey, String body) {
        var builder = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        return builder.build();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException("not JSON: " + abbreviate(body), e);
        }
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /**
     * Forgets the counters and latencies so far (not the orders: they are verified like all others), so that the
     * report measures the run after the warm-up only.
     */
    void resetStatistics() {
        for (Counts c : counts.values()) {
            for (AtomicLong counter : List.of(c.sent, c.accepted, c.rejected, c.serverErrors, c.unavailable,
                    c.noAnswer)) {
                counter.set(0);
            }
        }
        latencies = new Latencies("answered requests");
        samples.clear();
        unansweredBySecond.clear();
        slowBySecond.clear();
    }

    /** The requests sent from {@code from} until {@code to}. */
    Window during(Instant from, Instant to) {
        long sent = 0;
        long succeeded = 0;
        long refused = 0;
        long unavailable = 0;
        long otherServerErrors = 0;
        long noAnswer = 0;
        long slow = 0;
        long maxMicros = 0;
        for (Sample sample : samples) {
            if (sample.sentAt().isBefore(from) || sample.sentAt().isAfter(to)) {
                continue;
            }
            sent++;
            maxMicros = Math.max(maxMicros, sample.micros());
            if (sample.micros() > 1_000_000) {
                slow++;
            }
            int status = sample.status();
            if (status == 0) {
                noAnswer++;
            } else if (status == 503) {
                unavailable++;
            } else if (status >= 500) {
                otherServerErrors++;
            } else if (status >= 400) {
                refused++;
            } else {
                succeeded++;
            }
        }
        return new Window(sent, succeeded, refused, unavailable, otherServerErrors, noAnswer, slow,
                maxMicros / 1000.0);
    }

    /** Seconds of the run (from its start) in which a request got no answer, as ranges with their counts. */
    String unansweredTimeline() {
        return timeline(unansweredBySecond);
    }

    /** Seconds of the run in which an answer took over 1 s. */
    String slowTimeline() {
        return timeline(slowBySecond);
    }

    private static String timeline(Map<Long, AtomicLong> bySecond) {
        var seconds = bySecond.keySet().stream().sorted().toList();
        var ranges = new ArrayList<String>();
        int i = 0;
        while (i < seconds.size()) {
            int j = i;
            long total = bySecond.get(seconds.get(i)).get();
            while (j + 1 < seconds.size() && seconds.get(j + 1) <= seconds.get(j) + 2) {
                j++;
                total += bySecond.get(seconds.get(j)).get();
            }
            ranges.add(seconds.get(i) + "-" + (seconds.get(j) + 1) + " s: " + total);
            i = j + 1;
        }
        return ranges.isEmpty() ? "none" : String.join("; ", ranges);
    }

    /** The on-hand quantity set for each stock-limited product before the traffic. */
    Map<Long, Long> initialStock() {
        return Map.copyOf(initialStock);
    }

    /**
     * Retries every stuck saga as an operator would (a refund the gateway kept declining).
     *
     * @return how many were stuck
     */
    int retryStuckSagas() {
        JsonNode stuck = call("GET", "/api/admin/sagas?status=STUCK&size=100", adminToken, null, null, 200);
        int count = 0;
        for (JsonNode saga : stuck.path("items")) {
            count++;
            retry(request("POST", "/api/admin/sagas/" + saga.get("orderId").asLong() + "/retry", adminToken, null,
                    "{}"), 200, 202, 409);
        }
        return count;
    }

    /** Requests sent so far in this run (since the last reset) and those answered 2xx, for the progress lines. */
    long[] sentAndAccepted() {
        long sent = 0;
        long accepted = 0;
        for (Sample sample : samples) {
            sent++;
            if (sample.status() >= 200 && sample.status() < 300) {
                accepted++;
            }
        }
        return new long[] {sent, accepted};
    }

    AcceptedOrders acceptedOrders() {
        return acceptedOrders;
    }

    /** Messages the API answered 201 for. */
    Set<Long> acceptedMessages() {
        return Set.copyOf(acceptedMessages);
    }

    /** Messages deleted, or perhaps deleted (the delete's answer was lost). */
    Set<Long> deletedMessages() {
        return Set.copyOf(deletedMessages);
    }

    Counts counts(Kind kind) {
        return counts.get(kind);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Latency percentile over every answered request, from the instant it was due, in milliseconds. */
    double latencyMillis(double percentile) {
        return latencies.millisAt(percentile);
    }

    void close() {
        executor.shutdownNow();
    }
}
