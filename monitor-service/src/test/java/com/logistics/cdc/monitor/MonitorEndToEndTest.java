package com.logistics.cdc.monitor;

import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.Topics;
import com.logistics.cdc.stack.junit.InjectLocalStack;
import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.management.ObjectName;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/** The full path on the real stack: SQL in PostgreSQL -> Debezium -> Kafka -> monitor-service. */
@QuarkusTest
@WithTestResource(value = LocalStackResource.class, initArgs = {
        @ResourceArg(name = LocalStackResource.PARTS, value = "postgres,kafka,connect"),
        @ResourceArg(name = LocalStackResource.DATASOURCE, value = "false")})
class MonitorEndToEndTest {


    @InjectLocalStack
    LocalStack stack;

    @TestHTTPResource("/movements/stream")
    URL movementStream;

    @Test
    void seesEveryMovementOnceWithTheRightBeforeAndAfter() throws Exception {
        String batch = Rows.code("E2E");
        long eventsBefore = given().get("/dashboard").then().extract().<Number>path("events").longValue();
        long tombstonesBefore = given().get("/dashboard").then().extract().<Number>path("tombstones").longValue();
        Rows.sql(stack, """
                INSERT INTO package_status (tracking_code, customer_id, actual_address, next_address, status, hops_remaining)
                SELECT '%1$s' || g, 1 + g %% 3, 'Rua ' || g || ', Recife - PE', 'Hub Recife', 'Package Posted', 1
                FROM generate_series(1, 5) g""".formatted(batch));
        Rows.sql(stack, "UPDATE package_status SET status = 'In Transit', actual_address = next_address, next_address = 'Hub Natal',"
                + " version = version + 1 WHERE tracking_code LIKE '" + batch + "%'");
        Rows.sql(stack, "DELETE FROM package_status WHERE tracking_code = '" + batch + "5'");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            long events = given().get("/dashboard").then().extract().<Number>path("events").longValue();
            assertThat(events - eventsBefore).isEqualTo(11);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                given().get("/dashboard").then().extract().<Number>path("tombstones").longValue() - tombstonesBefore).isEqualTo(1));

        for (int i = 1; i <= 4; i++) {
            List<Map<String, Object>> history = given().get("/packages/{code}/history", batch + i).then().statusCode(200)
                    .extract().jsonPath().getList("$");
            assertThat(history).extracting(m -> m.get("op")).containsExactly("c", "u");
            assertThat(history.get(1)).containsEntry("previousStatus", "Package Posted").containsEntry("status", "In Transit")
                    .containsEntry("actualAddress", "Hub Recife").containsEntry("nextAddress", "Hub Natal")
                    .containsEntry("customerId", 1 + i % 3);
        }
        assertThat(given().get("/packages/{code}/history", batch + 5).then().extract().jsonPath().<String>getList("op"))
                .containsExactly("c", "u", "d");
    }

    @Test
    void anUnreadableMessageIsDeadLetteredWithItsReasonAndTheStreamGoesOn() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            Rows.post(stack, Rows.code("Topics.CHANGES"), 1); // the topic exists from here on
            await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/dashboard").then().extract()
                    .<Number>path("events").longValue() > 0);
            producer.send(new ProducerRecord<>(Topics.CHANGES, "{\"id\":-1}", "{\"op\":\"c\", this is not json")).get();
        }
        String after = Rows.code("AFTER");
        Rows.post(stack, after, 3);

        ConsumerRecord<String, String> dead = readOne(Topics.UNREADABLE);
        assertThat(dead.value()).isEqualTo("{\"op\":\"c\", this is not json");
        assertThat(header(dead, "dead-letter-reason")).contains("not JSON");
        assertThat(header(dead, "dead-letter-topic")).isEqualTo(Topics.CHANGES);
        assertThat(header(dead, "dead-letter-offset")).isNotBlank();
        assertThat(header(dead, "dead-letter-partition")).isEqualTo("0");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(given().get("/packages/{code}/history", after).then().extract().jsonPath().<String>getList("op"))
                        .containsExactly("c"));
        assertThat(given().get("/dashboard").then().extract().<Number>path("malformed").longValue()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aBurstOfUnreadableMessagesInOnePollIsDeadLetteredAndTheStreamGoesOn() throws Exception {
        int burst = 4_000; // one poll takes up to 5,000: more dead letters at once than SmallRye's emitter buffers by default
        String first = Rows.code("BEFORE-BURST");
        Rows.post(stack, first, 1); // the topic exists from here on
        await().atMost(Duration.ofSeconds(60)).until(() -> !given().get("/packages/{code}/history", first).then()
                .extract().jsonPath().getList("op").isEmpty());
        long malformedBefore = given().get("/dashboard").then().extract().<Number>path("malformed").longValue();
        long deadBefore = endOffset(Topics.UNREADABLE);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 1_000, // the whole burst in one batch: the monitor fetches it at once
                ProducerConfig.BATCH_SIZE_CONFIG, 4 << 20,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int i = 0; i < burst; i++) {
                producer.send(new ProducerRecord<>(Topics.CHANGES, "{\"id\":-1}", "{\"op\":\"c\", this is not json"));
            }
        }
        String after = Rows.code("AFTER-BURST");
        Rows.post(stack, after, 3);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(given().get("/packages/{code}/history", after).then().extract().jsonPath().<String>getList("op"))
                        .as("the movement after the burst").containsExactly("c"));
        assertThat(given().get("/dashboard").then().extract().<Number>path("malformed").longValue() - malformedBefore)
                .isEqualTo(burst);
        // written before their batch is acknowledged, not before the next batch is shown: awaited
        await().atMost(Duration.ofSeconds(30)).until(() -> endOffset(Topics.UNREADABLE) - deadBefore >= burst);
        assertThat(endOffset(Topics.UNREADABLE) - deadBefore).as("dead letters written").isEqualTo(burst);
    }

    @Test
    void theChannelsKafkaClientReportsToMicrometerNotToJmx() throws Exception {
        String client = "kafka-consumer-package-status";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/metrics").then()
                .body(containsString("kafka_consumer_connection_count{client_id=\"" + client + "\"")));
        // Kafka registers the app-info MBean itself, whatever the reporters; a JMX reporter adds one per metric group.
        assertThat(ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("kafka.consumer:*"), null))
                .filteredOn(name -> client.equals(name.getKeyProperty("client-id")) || client.equals(name.getKeyProperty("id")))
                .extracting(name -> name.getKeyProperty("type")).containsExactly("app-info");
    }

    @Test
    void theCountsAreTheDashboardsCounts() {
        Map<String, Object> dashboard = given().get("/dashboard").then().statusCode(200).extract().jsonPath().getMap("$");
        Map<String, Object> counts = given().get("/dashboard/counts").then().statusCode(200).extract().jsonPath().getMap("$");
        assertThat(counts).containsOnlyKeys("events", "duplicates", "malformed", "tombstones");
        counts.forEach((name, count) -> assertThat(((Number) count).longValue()).as(name)
                .isGreaterThanOrEqualTo(((Number) dashboard.get(name)).longValue()));
    }

    @Test
    void theTerminalStreamPrintsOneReadableLinePerMovement() throws Exception {
        String code = Rows.code("LINE");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> response = http.sendAsync(HttpRequest.newBuilder(movementStream.toURI())
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                    if (l.startsWith("data:") && l.contains(code)) {
                        return l.substring(5).trim();
                    }
                }
                return null;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Rows.sql(stack, "INSERT INTO package_status (tracking_code, customer_id, actual_address, next_address, status)"
                + " VALUES ('" + code + "', 2, 'Rua das Flores 10', 'Hub Centro', 'Package Posted')");
        assertThat(line.get(60, TimeUnit.SECONDS))
                .contains(code).contains("customer 2").contains("-> Package Posted")
                .contains("Rua das Flores 10 -> Hub Centro").matches(".*\\(\\d+ ms\\)$");
    }

    private ConsumerRecord<String, String> readOne(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 60_000;
            while (records.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(records::add);
            }
            assertThat(records).as("dead-lettered message").isNotEmpty();
            return records.getFirst();
        }
    }

    /** Records in {@code topic}, all partitions (0 before it exists). */
    private long endOffset(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.listTopics().getOrDefault(topic, List.of()).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

}
