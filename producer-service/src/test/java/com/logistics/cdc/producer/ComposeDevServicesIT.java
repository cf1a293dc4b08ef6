package com.logistics.cdc.producer;

import com.logistics.cdc.stack.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code quarkus dev} does with a container engine, in a test: Quarkus's Compose Dev Services start
 * deploy/compose/compose-devservices.yml (the project's own images) and wire the producer to its PostgreSQL;
 * a package posted through the producer comes out of Debezium, on the stack's Kafka, as a change event.
 */
@QuarkusTest
@TestProfile(ComposeDevServicesIT.OnComposeDevServices.class)
class ComposeDevServicesIT {

    /** The configuration of {@code quarkus dev} itself (the %dev profile: Compose Dev Services, no database URL). */
    public static class OnComposeDevServices implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "dev";
        }
    }

    @Test
    void aPackagePostedInDevModeReachesKafkaThroughDebeziumOnTheComposeStack() {
        String jdbcUrl = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        assertThat(jdbcUrl).as("the datasource Quarkus wired").contains(":5432/postgres");

        given().post("/packages?quantity=3").then().statusCode(200);

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
                ConsumerConfig.GROUP_ID_CONFIG, "compose-devservices-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            consumer.subscribe(List.of(Topics.CHANGES));
            List<String> inserts = new ArrayList<>();
            // the connector's task starts once the producer's migrations have made the publication; the project is
            // new (Quarkus names it anew for tests and removes its volumes), so its topic holds this test's events
            try {
                await().atMost(Duration.ofMinutes(3)).until(() -> {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        // an insert streamed ("c"), or read by the connector's initial snapshot ("r") when its task
                        // first ran after the rows were committed (it waits for the migrations' publication)
                        if (record.value() != null && (record.value().contains("\"op\":\"c\"")
                                || record.value().contains("\"op\":\"r\""))) {
                            inserts.add(record.value());
                        }
                    }
                    return inserts.size() >= 3;
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(inserts.size() + " of 3 inserts in " + Topics.CHANGES + " after 3 minutes; the"
                        + " connector says: " + connectorStatus(), e);
            }
            assertThat(inserts).allSatisfy(insert -> assertThat(insert).contains("Package Posted"));
        }
    }

    /** What Kafka Connect of the Compose project says of the connector, for a failure's message. */
    private static String connectorStatus() {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:8083/connectors/package-status-connector/status")).timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "(no answer: " + e + ")";
        }
    }
}
