package com.example.commerce.api.console;

import com.example.commerce.api.ApiTestBase;
import com.example.commerce.consumer.DeadLetters;
import com.example.commerce.contract.Topics;
import com.example.commerce.testsupport.ApiClient;
import com.example.commerce.testsupport.Eventually;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operations console in a real headless browser (Debian's chromium through chromium-driver, installed by
 * {@code src/test/browser/install-browser.sh} when missing) against order-api on the real PostgreSQL and Kafka,
 * with the saga's consumer running: an administrator logs in, watches a consumer group's lag rise while its
 * consumer is stopped and fall after it runs again, requeues a parked outbox event, and replays a dead-lettered
 * SHIPMENT_SCHEDULED twice, which the saga applies once (one SHIPMENT step). A screenshot of each page goes to {@code target/console-screenshots},
 * or with {@code -Dconsole.screenshots=../docs/console} to the README's pictures.
 */
@MicronautTest(environments = "order-api", transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "commerce.console.sample-interval", value = "1s")
@Property(name = "commerce.saga.consumer.enabled", value = "true")
@Property(name = "commerce.saga.timer.enabled", value = "true")
@Property(name = "commerce.saga.timer-interval", value = "200ms")
@Property(name = "commerce.saga.retry-initial", value = "100ms")
@Property(name = "commerce.saga.retry-max", value = "400ms")
@Property(name = "commerce.saga.max-attempts", value = "2")
@Property(name = "commerce.payments.sandbox.refund-declines", value = "3")
class ConsoleBrowserTest extends ApiTestBase {

    private static final String XSS = "<img src=x onerror=\"document.title='owned'\">";

    @Inject
    EmbeddedServer server;

    @Value("${kafka.bootstrap.servers}")
    String bootstrapServers;

    WebDriver driver;
    Admin admin;
    KafkaProducer<String, String> producer;
    final String run = Long.toString(System.nanoTime(), 36);

    @BeforeAll
    void startBrowser() throws Exception {
        Optional<Path> browser = executable("chromium", "chromium-browser", "google-chrome");
        Optional<Path> chromedriver = executable("chromedriver");
        if (browser.isEmpty() || chromedriver.isEmpty()) {
            // The test's own set-up: a machine without the browser gets it where apt-get can install it.
            int exit = new ProcessBuilder("bash", "src/test/browser/install-browser.sh").inheritIO().start().waitFor();
            System.out.println("install-browser.sh exited " + exit);
            browser = executable("chromium", "chromium-browser", "google-chrome");
            chromedriver = executable("chromedriver");
        }
        if (browser.isEmpty() || chromedriver.isEmpty()) {
            String reason = "ConsoleBrowserTest skipped: no chromium and chromedriver on PATH, and "
                    + "src/test/browser/install-browser.sh could not install them";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        var options = new ChromeOptions();
        options.setBinary(browser.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--disable-extensions", "--no-first-run");
        // The Debian driver, never Selenium Manager (which would try to download one).
        var service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.get().toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers));
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
        if (producer != null) {
            producer.close();
        }
        if (admin != null) {
            admin.close();
        }
    }

    @Test
    void anAdministratorWatchesLagRequeuesAParkedEventAndReplaysADeadLetterOnce() throws Exception {
        String adminToken = api.adminToken();
        String user = api.newUserToken();
        long book = api.createProduct(adminToken, "Console book", 1_500);

        // A consumer group of the test's own, caught up before the browser watches it.
        String topic = "console-browser-" + run;
        String group = "console-browser-group-" + run;
        admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        produce(topic, 3);
        consumeEverything(topic, group, 3);

        // A parked outbox event.
        long parkedProduct = api.createProduct(adminToken, "Console parked", 1);
        sql.execute("UPDATE outbox SET parked_at = now(), attempts = 10, last_error = ? WHERE aggregate_type = "
                + "'Product' AND aggregate_id = ?", "RecordTooLargeException " + XSS, String.valueOf(parkedProduct));
        long parkedRow = sql.count("SELECT id FROM outbox WHERE aggregate_type = 'Product' AND aggregate_id = ?",
                String.valueOf(parkedProduct));

        // A paid order whose stock is deducted, and its SHIPMENT_SCHEDULED in the dead-letter topic.
        long order = place(user, book);
        assertEquals(200, api.send(HttpRequest.PATCH("/api/orders/" + order + "/pay", ""), user).status());
        send(new ProducerRecord<>(Topics.INVENTORY_EVENTS, String.valueOf(order), envelope("STOCK_DEDUCTED",
                "Reservation", order, "{\"orderId\":" + order + ",\"lines\":[]}")));
        RecordMetadata dead = deadLetter(order);
        String position = Topics.SHIPPING_EVENTS_DLQ + "/" + dead.partition() + "/" + dead.offset();

        // A saga stuck on a refund the gateway keeps declining, for the sagas page.
        long stuck = place(user, book);
        assertEquals(200, api.send(HttpRequest.PATCH("/api/orders/" + stuck + "/pay",
                Map.of("paymentToken", "tok_refund_fail")), user).status());
        assertEquals(200, api.send(HttpRequest.PATCH("/api/admin/orders/" + stuck + "/cancel", ""), adminToken)
                .status());
        send(new ProducerRecord<>(Topics.SHIPPING_EVENTS, String.valueOf(stuck), envelope("SHIPMENT_CANCELLED",
                "Shipment", stuck, "{\"orderId\":" + stuck + ",\"shipmentId\":null,\"status\":\"CANCELLED\","
                        + "\"carrierReference\":null}")));

        // The book's events as the relay would have published them just now (no relay runs in this module's tests):
        // the publish rate counts rows by published_at.
        int bookEvents = sql.execute("UPDATE outbox SET published_at = now() WHERE aggregate_type = 'Product' "
                + "AND aggregate_id = ? AND published_at IS NULL", String.valueOf(book));

        // A replay job started as an administrator starts one; nothing runs it here, so it stays RUNNING.
        var replay = api.send(HttpRequest.POST("/api/admin/replay", Map.of("readModel", "product-metrics")),
                adminToken);
        assertEquals(202, replay.status(), replay::toString);
        String replayJob = String.valueOf(replay.body().get("id"));

        UUID job = UUID.randomUUID();
        sql.execute("INSERT INTO reindex_jobs (id, status, total, indexed, index_name, started_at, finished_at) "
                + "VALUES (?, 'SUCCEEDED', 1200, 1200, 'products-console-example', now() - interval '2 minutes', "
                + "now() - interval '1 minute')", job);
        try {
            logIn();
            topicsPage(topic);
            groupsPage(topic, group);
            outboxPage(parkedRow, bookEvents);
            deadLettersPage(position, order, user);
            open("jobs", By.cssSelector("tr[data-job='" + job + "']"));
            By replayRow = By.cssSelector("tr[data-replay='" + replayJob + "']");
            Eventually.await("the replay job is listed beside the reindex job", () -> String.valueOf(textOf(replayRow))
                    .contains("product-metrics") && String.valueOf(textOf(replayRow)).contains("RUNNING"));
            screenshot("jobs");
            Eventually.await("the saga is stuck", () -> "STUCK".equals(sql.list(
                    "SELECT status FROM order_sagas WHERE order_id = ?", row -> row.getString(1), stuck).get(0)));
            page("sagas", By.cssSelector("tr[data-order='" + stuck + "']"));
            assertEquals("commerce operations console", driver.getTitle(), "no stored markup ran");
        } finally {
            sql.execute("DELETE FROM reindex_jobs WHERE id = ?", job);
            sql.execute("DELETE FROM replay_jobs WHERE id = ?::uuid", replayJob);
        }
    }

    private void logIn() throws Exception {
        driver.get("http://localhost:" + server.getPort() + "/console/");
        driver.findElement(By.id("username")).sendKeys(ApiClient.ADMIN);
        driver.findElement(By.id("password")).sendKeys(ApiClient.ADMIN_PASSWORD);
        driver.findElement(By.id("login-button")).click();
        Eventually.await("the console shows its tabs", () -> driver.findElement(By.id("tabs")).isDisplayed());
    }

    private void topicsPage(String topic) throws Exception {
        page("topics", By.cssSelector("tr[data-topic='" + topic + "']"));
        awaitText(By.cssSelector("tr[data-topic='" + topic + "'] .end-offset"), "3");
    }

    private void groupsPage(String topic, String group) throws Exception {
        By row = By.cssSelector("tr[data-group='" + group + "']");
        By lag = By.cssSelector("tr[data-group='" + group + "'] .lag");
        open("groups", row);
        clickIn(row, By.className("lag"));
        awaitText(lag, "0");
        produce(topic, 25);
        awaitText(lag, "25");
        consumeEverything(topic, group, 25);
        awaitText(lag, "0");
        Eventually.await("the lag chart draws the rise and the fall", () -> group.equals(textOf(By.id("group-name")))
                && !driver.findElements(By.cssSelector("#lag-chart polyline")).isEmpty());
        screenshot("groups");
    }

    private void outboxPage(long parkedRow, int bookEvents) throws Exception {
        By row = By.cssSelector("tr[data-id='" + parkedRow + "']");
        page("outbox", row);
        Eventually.await("markup in stored text is shown as text", () -> String.valueOf(textOf(row)).contains(XSS));
        Eventually.await("the publish-rate chart draws its points", () -> !driver.findElements(
                By.cssSelector("#publish-chart polyline.series-0")).isEmpty());
        var rate = api.send(HttpRequest.GET("/api/admin/outbox/publish-rate"), api.adminToken());
        long published = rate.list("points").stream().mapToLong(p -> ((Number) p.get("published")).longValue()).sum();
        assertTrue(bookEvents >= 1 && published >= bookEvents, "the events published just now are counted: "
                + bookEvents + " in " + rate.body());
        clickIn(row, By.className("requeue"));
        Eventually.await("the requeued event leaves the parked list", () -> driver.findElements(row).isEmpty());
        assertEquals(1, sql.count("SELECT count(*) FROM outbox WHERE id = ? AND parked_at IS NULL AND attempts = 0",
                parkedRow));
    }

    private void deadLettersPage(String position, long order, String user) throws Exception {
        open("dlq", By.id("dlq-topic"));
        Eventually.await("the shipping dead-letter topic is listed", () -> driver.findElements(
                By.cssSelector("#dlq-topic option[value='" + Topics.SHIPPING_EVENTS_DLQ + "']")).size() == 1);
        new Select(driver.findElement(By.id("dlq-topic"))).selectByValue(Topics.SHIPPING_EVENTS_DLQ);
        By row = By.cssSelector("tr[data-position='" + position + "']");
        Eventually.await("the dead letter is listed", () -> !driver.findElements(row).isEmpty());
        Eventually.await("markup in the error header is shown as text", () -> String.valueOf(textOf(row)).contains(XSS));
        assertTrue(driver.findElements(By.cssSelector("#dlq-table img")).isEmpty());
        for (int replay = 1; replay <= 2; replay++) {
            clickIn(row, By.className("replay"));
            String expected = "REPLAYED ×" + replay;
            By status = By.cssSelector("tr[data-position='" + position + "'] .status");
            Eventually.await("the dead letter shows " + expected, () -> String.valueOf(textOf(status))
                    .startsWith(expected));
        }
        screenshot("dlq");
        Eventually.await("the saga consumed both replays", this::sagaCaughtUp);
        Eventually.await("the shipment is recorded", () -> api.send(HttpRequest.GET("/api/orders/" + order), user)
                .get("shipment") != null);
        var steps = api.send(HttpRequest.GET("/api/orders/" + order), user).list("history");
        assertEquals(1, steps.stream().filter(s -> "SHIPMENT".equals(s.get("step"))).count(),
                "two replays of one event, one effect: " + steps);
        assertEquals(2, sql.count("SELECT count(*) FROM dead_letter_actions WHERE dlq_topic = ? AND dlq_partition = ? "
                + "AND dlq_offset = ? AND action = 'REPLAYED' AND actor = ?", Topics.SHIPPING_EVENTS_DLQ,
                Integer.parseInt(position.split("/")[1]), Long.parseLong(position.split("/")[2]), ApiClient.ADMIN));
    }

    /** Opens a tab, waits for the element, saves the screenshot. */
    private void page(String name, By shown) throws Exception {
        open(name, shown);
        screenshot(name);
    }

    private void open(String name, By shown) throws Exception {
        driver.findElement(By.id("tab-" + name)).click();
        Eventually.await("the " + name + " page shows " + shown, () -> !driver.findElements(shown).isEmpty());
    }

    private void awaitText(By locator, String text) throws Exception {
        Eventually.await(locator + " reads " + text, () -> text.equals(textOf(locator)));
    }

    /** The element's text, or null while the page is redrawing it (each refresh replaces the table's rows). */
    private String textOf(By locator) {
        try {
            List<WebElement> found = driver.findElements(locator);
            return found.isEmpty() ? null : found.get(0).getText();
        } catch (StaleElementReferenceException e) {
            return null;
        }
    }

    /** Clicks the element inside the row, once the row is drawn and not replaced meanwhile. */
    private void clickIn(By row, By button) throws Exception {
        Eventually.await("a click on " + button + " in " + row, () -> {
            try {
                driver.findElement(row).findElement(button).click();
                return true;
            } catch (StaleElementReferenceException | NoSuchElementException e) {
                return false;
            }
        });
    }

    private void screenshot(String name) throws IOException {
        Path directory = Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
        Files.createDirectories(directory);
        byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
        Files.write(directory.resolve(name + ".png"), png);
    }

    private long place(String token, long product) {
        var placed = api.send(HttpRequest.POST("/api/orders",
                Map.of("items", List.of(Map.of("productId", product, "quantity", 1)))), token);
        assertEquals(201, placed.status(), placed::toString);
        return placed.id();
    }

    private static String envelope(String type, String aggregateType, long orderId, String payload) {
        return """
                {"eventId":"%s","eventType":"%s","aggregateType":"%s","aggregateId":"%d","aggregateVersion":1,
                 "occurredAt":"%s","schemaVersion":1,"payload":%s}""".formatted(UUID.randomUUID(), type,
                aggregateType, orderId, Instant.now(), payload);
    }

    /** As the saga's dead letters are written (consumer-support's convention), for a record it had failed on. */
    private RecordMetadata deadLetter(long order) throws Exception {
        var headers = new RecordHeaders();
        headers.add(DeadLetters.ORIGINAL_TOPIC, utf8(Topics.SHIPPING_EVENTS));
        headers.add(DeadLetters.ORIGINAL_PARTITION, utf8("0"));
        headers.add(DeadLetters.ORIGINAL_OFFSET, utf8("0"));
        headers.add(DeadLetters.ERROR, utf8("IllegalStateException: carrier unreachable " + XSS));
        headers.add(DeadLetters.CONSUMER, utf8("order-saga"));
        String value = envelope("SHIPMENT_SCHEDULED", "Shipment", order, "{\"orderId\":" + order
                + ",\"shipmentId\":7,\"status\":\"SCHEDULED\",\"carrierReference\":\"CARRIER-" + order + "\"}");
        return send(new ProducerRecord<>(Topics.SHIPPING_EVENTS_DLQ, null, String.valueOf(order), value, headers));
    }

    private RecordMetadata send(ProducerRecord<String, String> record) throws Exception {
        return producer.send(record).get(30, TimeUnit.SECONDS);
    }

    private void produce(String topic, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, "k", "v" + i));
        }
        producer.flush();
    }

    /** The group's consumer runs until it has read {@code count} records and committed them, then stops. */
    private void consumeEverything(String topic, String group, int count) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", bootstrapServers,
                "group.id", group, "auto.offset.reset", "earliest", "enable.auto.commit", "false"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            int read = 0;
            long deadline = System.nanoTime() + Eventually.PATIENCE.toNanos();
            while (read < count && System.nanoTime() < deadline) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            assertEquals(count, read);
            consumer.commitSync();
        }
    }

    /** Whether the saga's group has committed the end of every partition of shipping-events. */
    private boolean sagaCaughtUp() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("order-saga")
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        var latest = new HashMap<TopicPartition, OffsetSpec>();
        admin.describeTopics(List.of(Topics.SHIPPING_EVENTS)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(Topics.SHIPPING_EVENTS).partitions()
                .forEach(p -> latest.put(new TopicPartition(Topics.SHIPPING_EVENTS, p.partition()), OffsetSpec.latest()));
        for (var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            if ((offset == null ? 0 : offset.offset()) < end.getValue().offset()) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Path> executable(String... names) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Stream.of(names).flatMap(name -> Stream.of(path.split(":")).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
