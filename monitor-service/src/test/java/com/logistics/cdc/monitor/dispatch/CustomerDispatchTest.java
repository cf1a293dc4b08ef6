package com.logistics.cdc.monitor.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.logistics.cdc.monitor.Offsets;
import com.logistics.cdc.monitor.Rows;
import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.Topics;
import com.logistics.cdc.stack.junit.InjectLocalStack;
import com.logistics.cdc.stack.junit.LocalStackResource;
import com.logistics.cdc.stack.junit.OperatorTools;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import com.logistics.cdc.monitor.dashboard.HeadlessChromium;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.awaitility.Awaitility.await;

/** Every movement to its customer's API (WireMock), on the full stack: order, isolation, retries, refusals, outages. */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = {
        @ResourceArg(name = LocalStackResource.PARTS, value = "postgres,kafka,connect"),
        @ResourceArg(name = LocalStackResource.DATASOURCE, value = "false")})
@WithTestResource(CustomerApisResource.class)
class CustomerDispatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectLocalStack
    LocalStack stack;

    @TestHTTPResource("/")
    java.net.URL dashboard;

    @BeforeEach
    void everyCustomerAnswers200() {
        for (int id = 1; id <= 3; id++) {
            WireMockServer customer = CustomerApisResource.CUSTOMERS[id];
            answerEveryCall(customer, 200);
        }
    }

    @Test
    void eachPackagesMovementsArriveInCommitOrderWithStableIdempotencyKeys() throws Exception {
        WireMockServer customer1 = CustomerApisResource.CUSTOMERS[1];
        customer1.stubFor(post(urlEqualTo("/package-status"))
                .willReturn(aResponse().withStatus(200).withUniformRandomDelay(0, 80)));
        String batch = Rows.code("ORD");
        for (int p = 1; p <= 10; p++) {
            Rows.sql(stack, "INSERT INTO package_status (tracking_code, customer_id, actual_address, next_address, status)"
                    + " VALUES ('" + batch + p + "', 1, 'Rua 0', 'Hub 1', 'Package Posted')");
        }
        for (int hop = 1; hop <= 3; hop++) {
            Rows.sql(stack, "UPDATE package_status SET status = 'In Transit', actual_address = 'Hub " + hop + "', next_address = 'Hub "
                    + (hop + 1) + "', version = version + 1 WHERE tracking_code LIKE '" + batch + "%'");
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> received(customer1, batch).size() == 40);
        for (int p = 1; p <= 10; p++) {
            String code = batch + p;
            List<JsonNode> bodies = received(customer1, code).stream()
                    .filter(r -> body(r).path("trackingCode").asText().equals(code))
                    .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                    .map(CustomerDispatchTest::body).toList();
            assertThat(bodies).extracting(b -> b.path("actualAddress").asText())
                    .as("movements of " + code + " in commit order").containsExactly("Rua 0", "Hub 1", "Hub 2", "Hub 3");
            assertThat(bodies.get(0).path("status").asText()).isEqualTo("Package Posted");
            assertThat(bodies.get(1).path("previousStatus").asText()).isEqualTo("Package Posted");
            assertThat(bodies).allSatisfy(b -> assertThat(b.path("customerId").asInt()).isEqualTo(1));
        }
        for (LoggedRequest request : received(customer1, batch)) {
            assertThat(request.getHeader("Idempotency-Key")).isEqualTo(body(request).path("eventId").asText());
            assertThat(request.getHeader("Authorization")).isEqualTo("Bearer customer-1-secret");
        }
    }

    @Test
    void aSlowCustomerNeverHoldsAnotherOneBack() throws Exception {
        WireMockServer customer2 = CustomerApisResource.CUSTOMERS[2];
        WireMockServer customer1 = CustomerApisResource.CUSTOMERS[1];
        customer2.stubFor(post(urlEqualTo("/package-status")).willReturn(aResponse().withStatus(200).withFixedDelay(6_000)));
        String slow = Rows.code("SLOW");
        String fast = Rows.code("FAST");
        for (int p = 1; p <= 12; p++) { // more than customer 2 has in flight (8): some wait in its topic
            Rows.post(stack, slow + p, 2);
        }
        long start = System.nanoTime();
        for (int p = 1; p <= 5; p++) {
            Rows.post(stack, fast + p, 1);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> received(customer1, fast).size() == 5);
        long fastSeconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(fastSeconds).as("customer 1 served while customer 2 takes 6 s per call").isLessThan(5);
        assertThat(received(customer2, slow).size()).as("customer 2 has at most its concurrency in flight").isLessThanOrEqualTo(8);
        await().atMost(Duration.ofSeconds(60)).until(() -> received(customer2, slow).size() == 12);
    }

    @Test
    void aFailedCallIsRetriedWithTheSameKeyUntilItSucceeds() throws Exception {
        WireMockServer customer3 = CustomerApisResource.CUSTOMERS[3];
        customer3.resetAll();
        customer3.stubFor(post(urlEqualTo("/package-status")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("second"));
        customer3.stubFor(post(urlEqualTo("/package-status")).inScenario("flaky").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(429)).willSetStateTo("ok"));
        customer3.stubFor(post(urlEqualTo("/package-status")).inScenario("flaky").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(200)));
        long retriesBefore = customerFigure(3, "retries");
        String code = Rows.code("RETRY");
        Rows.post(stack, code, 3);

        await().atMost(Duration.ofSeconds(30)).until(() -> received(customer3, code).size() == 3);
        List<String> keys = received(customer3, code).stream().map(r -> r.getHeader("Idempotency-Key")).distinct().toList();
        assertThat(keys).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> customerFigure(3, "retries") >= retriesBefore + 2);
    }

    @Test
    void aRefusedMovementIsDeadLetteredAtOnceWithItsReason() throws Exception {
        WireMockServer customer3 = CustomerApisResource.CUSTOMERS[3];
        String code = Rows.code("REFUSED");
        customer3.stubFor(post(urlEqualTo("/package-status")).withRequestBody(containing(code))
                .willReturn(aResponse().withStatus(400)));
        Rows.post(stack, code, 3);

        ConsumerRecord<String, String> dead = deadLetter(code);
        assertThat(header(dead, "dead-letter-reason")).isEqualTo("refused: HTTP 400");
        assertThat(header(dead, "dead-letter-attempts")).isEqualTo("1");
        assertThat(header(dead, "dead-letter-customer")).isEqualTo("3");
        assertThat(JSON.readTree(dead.value()).path("trackingCode").asText()).isEqualTo(code);
        assertThat(received(customer3, code)).hasSize(1);

        answerEveryCall(customer3, 200); // the customer fixed what made it refuse: replaying delivers it, with the same key
        int replayed = given().post("/dead-letters/replay").then().statusCode(200).extract().path("replayed");
        assertThat(replayed).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> received(customer3, code).size() == 1);
        assertThat(received(customer3, code).getFirst().getHeader("Idempotency-Key")).isEqualTo(header(dead, "event-id"));
        assertThat(given().post("/dead-letters/replay").then().statusCode(200).extract().<Integer>path("replayed"))
                .as("each dead letter is replayed once").isZero();
    }

    @Test
    void aRedirectIsNotADeliveryButARefusal() throws Exception {
        WireMockServer customer1 = CustomerApisResource.CUSTOMERS[1];
        String code = Rows.code("REDIRECTED");
        customer1.stubFor(post(urlEqualTo("/package-status")).withRequestBody(containing(code))
                .willReturn(aResponse().withStatus(307).withHeader("Location", customer1.baseUrl() + "/v2/package-status")));
        Rows.post(stack, code, 1);

        ConsumerRecord<String, String> dead = deadLetter(code);
        assertThat(header(dead, "dead-letter-reason")).isEqualTo("refused: HTTP 307 (not a 2xx)");
        assertThat(header(dead, "dead-letter-http-status")).isEqualTo("307");
        assertThat(header(dead, "dead-letter-attempts")).isEqualTo("1");
        assertThat(received(customer1, code)).as("not retried, not followed").hasSize(1);
    }

    @Test
    void whileACustomerIsDownItsCircuitOpensAndEverythingIsDeliveredWhenItIsBack() throws Exception {
        WireMockServer customer3 = CustomerApisResource.CUSTOMERS[3];
        answerEveryCall(customer3, 503);
        String code = Rows.code("DOWN");
        for (int p = 1; p <= 6; p++) {
            Rows.post(stack, code + p, 3);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "OPEN".equals(customer(3).path("circuit").asText()));
        int callsWhileOpen = customer3.getAllServeEvents().size();
        Thread.sleep(700);
        assertThat(customer3.getAllServeEvents().size() - callsWhileOpen).as("no spinning while open").isLessThanOrEqualTo(8);

        answerEveryCall(customer3, 200);
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered(customer3, code) == 6);
        await().atMost(Duration.ofSeconds(10)).until(() -> "CLOSED".equals(customer(3).path("circuit").asText()));
    }

    @Test
    void movementsRetentionDeletesWhileTheCustomerIsDownAreCountedAndDeliveryGoesOnAfterThem() throws Exception {
        WireMockServer customer3 = CustomerApisResource.CUSTOMERS[3];
        answerEveryCall(customer3, 503);
        String code = Rows.code("GONE");
        String topic = Topics.customer(3);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers()))) {
            Map<TopicPartition, Long> before = Offsets.ends(admin, topic);
            // 15 movements of one package, so of one partition: polled and held, the partition pauses (10 per partition)
            Rows.post(stack, code, 3);
            for (int hop = 1; hop < 15; hop++) {
                move(code, hop);
            }
            awaitMoreRecords(admin, topic, before, 15);
            Thread.sleep(2_000); // the dispatcher polls every 200 ms at most
            Map<TopicPartition, Long> held = Offsets.ends(admin, topic);
            for (int hop = 15; hop < 25; hop++) { // 10 more, left in Kafka by the paused partition
                move(code, hop);
            }
            awaitMoreRecords(admin, topic, held, 10);
            Map<TopicPartition, RecordsToDelete> deletes = new HashMap<>();
            Offsets.ends(admin, topic).forEach((partition, end) -> {
                if (end > held.get(partition)) {
                    deletes.put(partition, RecordsToDelete.beforeOffset(end));
                }
            });
            assertThat(deletes).as("one package, one partition").hasSize(1);
            admin.deleteRecords(deletes).all().get(30, TimeUnit.SECONDS); // as retention would, before they were taken

            answerEveryCall(customer3, 200);
            // every movement either delivered (those polled before the pause) or counted as expired, none both
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    customerFigure(3, "expired") + deliveredMovements(customer3, code) == 25);
            long expired = customerFigure(3, "expired");
            assertThat(expired).as("at least the 10 written after the partition paused").isBetween(10L, 15L);
            assertThat(deliveredHops(customer3, code)).as("the held movements, in order, and none that was deleted")
                    .containsExactlyElementsOf(IntStream.range(0, (int) (25 - expired)).boxed().toList());
            TopicPartition partition = deletes.keySet().iterator().next();
            long end = deletes.get(partition).beforeOffset();
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.listConsumerGroupOffsets("monitor-dispatch-customer-3")
                    .partitionsToOffsetAndMetadata().get().get(partition).offset() == end); // a restart counts nothing again
        }
    }

    private void move(String code, int hop) throws Exception {
        Rows.sql(stack, "UPDATE package_status SET status = 'In Transit', actual_address = 'Hub " + hop + "', next_address = 'Hub "
                + (hop + 1) + "', version = version + 1 WHERE tracking_code = '" + code + "'");
    }

    /** Waits (30 s at most) until {@code topic} holds {@code more} records past {@code since}. */
    private static void awaitMoreRecords(Admin admin, String topic, Map<TopicPartition, Long> since, long more) {
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Offsets.total(Offsets.ends(admin, topic)) - Offsets.total(since) >= more);
    }

    /** The hops (0 for the post, n for 'Hub n') the customer accepted of {@code code}, once each, in the order accepted. */
    private static List<Integer> deliveredHops(WireMockServer customer, String code) {
        return accepted(customer, code)
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(e -> body(e.getRequest()).path("actualAddress").asText())
                .distinct()
                .map(address -> address.startsWith("Hub ") ? Integer.parseInt(address.substring(4)) : 0)
                .toList();
    }

    /** Distinct movements the customer accepted of packages whose code starts with {@code prefix}. */
    private static long deliveredMovements(WireMockServer customer, String prefix) {
        return accepted(customer, prefix).map(e -> body(e.getRequest()).path("eventId").asText()).distinct().count();
    }

    @Test
    void theDashboardHasAPanelPerCustomer() throws Exception {
        WebDriver browser = HeadlessChromium.open();
        try {
            browser.get(dashboard.toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("customer-3")));
            assertThat(HeadlessChromium.text(wait, By.id("customer-1")))
                    .contains("Customer 1").contains("circuit closed").contains("delivered").contains("delivery p99");
            assertThat(HeadlessChromium.text(wait, By.id("customer-3"))).contains("dead-lettered");
            assertThat(HeadlessChromium.screenshot(browser, "dashboard-customers")).isNotEmptyFile();
        } finally {
            browser.quit();
        }
    }

    @Test
    void theServiceIsLiveWhileEveryCustomersDispatcherRuns() {
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'customer dispatch' }.status", is("UP"))
                .body("checks.find { it.name == 'customer dispatch' }.data", is(Map.of(
                        "customer 1", "running", "customer 2", "running", "customer 3", "running")));
    }

    @Test
    void ourMetricsHaveHelpTextAndBaseUnitsAsPromtoolExpects() throws Exception {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("dispatch_latency_seconds").contains("dispatch_backlog").contains("monitor_lag");

        String ours = OperatorTools.familiesOf(metrics, "dispatch_", "monitor_");
        assertThat(OperatorTools.promtoolFindings(ours)).as("promtool check metrics on our own metrics:%n%s", ours).isEmpty();
    }

    @Test
    void theOpenApiDocumentPassesTheLinterWithWarningsAsErrors() throws Exception {
        String document = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();

        OperatorTools.Result lint = OperatorTools.lintOpenApi(document, "monitor-service.json");
        assertThat(lint.exit()).as("redocly lint (recommended-strict):%n%s", lint.output()).isZero();
    }

    /** Forgets what {@code customer} was told to answer and received, then answers every call with {@code status}. */
    private static void answerEveryCall(WireMockServer customer, int status) {
        customer.resetAll();
        customer.stubFor(post(urlEqualTo("/package-status")).willReturn(aResponse().withStatus(status)));
    }

    private static long delivered(WireMockServer customer, String prefix) {
        return accepted(customer, prefix).map(e -> body(e.getRequest()).path("trackingCode").asText()).distinct().count();
    }

    /** The calls {@code customer} accepted (200) whose body contains {@code text}. */
    private static Stream<ServeEvent> accepted(WireMockServer customer, String text) {
        return customer.getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() == 200 && e.getRequest().getBodyAsString().contains(text));
    }

    private static List<LoggedRequest> received(WireMockServer customer, String text) {
        return customer.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/package-status"))
                .withRequestBody(containing(text)));
    }

    private static JsonNode body(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode customer(int id) throws Exception {
        for (JsonNode customer : JSON.readTree(given().get("/dashboard").then().statusCode(200).extract().asString()).path("customers")) {
            if (customer.path("customerId").asInt() == id) {
                return customer;
            }
        }
        throw new AssertionError("no panel for customer " + id);
    }

    private static long customerFigure(int id, String name) throws Exception {
        return customer(id).path(name).asLong();
    }

    private ConsumerRecord<String, String> deadLetter(String trackingCode) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.UNDELIVERABLE));
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    if (trackingCode.equals(record.key())) {
                        return record;
                    }
                }
            }
            throw new AssertionError("no dead letter for " + trackingCode);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }


}
