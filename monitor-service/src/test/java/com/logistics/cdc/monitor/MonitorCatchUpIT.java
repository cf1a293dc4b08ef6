package com.logistics.cdc.monitor;

import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.junit.InjectLocalStack;
import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged monitor-service (the jar as built) catching up with a backlog on the CDC topic: every change
 * event counted once, the ones Debezium re-sends counted as duplicates, a broken one dead-lettered.
 * <p>
 * Built with JDK 25+ (pom profile {@code aot-cache}), this run is also the training workload Quarkus records the
 * AOT cache with ({@code target/quarkus-app/app.aot}): the classes and method profiles of consuming and decoding,
 * not only of starting, so a monitor started with the cache consumes warm from its first poll.
 */
@QuarkusIntegrationTest
@WithTestResource(value = LocalStackResource.class, initArgs = @ResourceArg(name = LocalStackResource.PARTS, value = "kafka"))
@WithTestResource(MonitorCatchUpIT.StreamOnly.class)
class MonitorCatchUpIT {

    private static final String TOPIC = "dbserver1.public.package_status";
    private static final int PACKAGES = 15_000;
    private static final int RESENT = 1_000;

    /**
     * Consuming and showing only: customers' APIs are another test's business. (A setting, not a test profile:
     * Quarkus records no AOT cache for a test with a profile of its own.)
     */
    public static class StreamOnly implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("monitor.dispatch.enabled", "false");
        }

        @Override
        public void stop() {
        }
    }

    @InjectLocalStack
    LocalStack stack;

    @Test
    void countsEveryEventOfABacklogOnceAndResentOnesAsDuplicates() throws Exception {
        String insert = resource("insert.json");
        String update = resource("update.json");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            for (int id = 1; id <= PACKAGES; id++) { // each package posted, then moved: two events at distinct LSNs
                producer.send(new ProducerRecord<>(TOPIC, key(id), event(insert, id, 10L * id)));
                producer.send(new ProducerRecord<>(TOPIC, key(id), event(update, id, 10L * id + 5)));
            }
            for (int id = 1; id <= RESENT / 2; id++) { // as after a Connect restart: the same changes again
                producer.send(new ProducerRecord<>(TOPIC, key(id), event(insert, id, 10L * id)));
                producer.send(new ProducerRecord<>(TOPIC, key(id), event(update, id, 10L * id + 5)));
            }
            producer.send(new ProducerRecord<>(TOPIC, key(-1), "{\"op\":\"c\", this is not json")).get();
        }

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            JsonPath dashboard = given().get("/dashboard").then().statusCode(200).extract().jsonPath();
            assertThat(dashboard.getLong("events") + dashboard.getLong("duplicates") + dashboard.getLong("malformed"))
                    .isEqualTo(2L * PACKAGES + RESENT + 1);
        });
        JsonPath dashboard = given().get("/dashboard").then().extract().jsonPath();
        assertThat(dashboard.getLong("events")).isEqualTo(2L * PACKAGES);
        assertThat(dashboard.getLong("duplicates")).isEqualTo(RESENT);
        assertThat(dashboard.getLong("malformed")).isEqualTo(1);
        assertThat(dashboard.getLong("byOperation.c")).isEqualTo(PACKAGES);
        assertThat(dashboard.getLong("byOperation.u")).isEqualTo(PACKAGES);
        assertThat(dashboard.getLong("byStatus.'In Transit'")).isEqualTo(PACKAGES);
    }

    private static String key(int id) {
        return "{\"id\":" + id + "}";
    }

    /** A captured event of package 51 as the event of package {@code id} at log position {@code lsn}. */
    private static String event(String captured, int id, long lsn) {
        return captured.replace("\"id\":51,", "\"id\":" + id + ",")
                .replace("JT987654325BR", "CU%09dBR".formatted(id))
                .replaceFirst("\"lsn\":\\d+", "\"lsn\":" + lsn);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MonitorCatchUpIT.class.getResourceAsStream("/events/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
