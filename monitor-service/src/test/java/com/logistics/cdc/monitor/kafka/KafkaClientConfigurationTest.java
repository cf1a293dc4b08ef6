package com.logistics.cdc.monitor.kafka;

import com.logistics.cdc.monitor.dispatch.CustomerApisResource;
import com.logistics.cdc.stack.LocalStack;
import com.logistics.cdc.stack.Topics;
import com.logistics.cdc.stack.junit.InjectLocalStack;
import com.logistics.cdc.stack.junit.LocalStackResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A setting of the application's Kafka configuration ({@code kafka.*}) reaches every Kafka client of the monitor,
 * the ones it builds itself as well as the messaging channels', as TLS or SASL settings of a secured cluster must.
 * The setting here names a metrics reporter, which each client instantiates with its whole configuration.
 */
@QuarkusTest
@TestProfile(KafkaClientConfigurationTest.WithAnExtraKafkaSetting.class)
@WithTestResource(value = LocalStackResource.class, initArgs = {
        @ResourceArg(name = LocalStackResource.PARTS, value = "kafka"),
        @ResourceArg(name = LocalStackResource.DATASOURCE, value = "false")})
@WithTestResource(CustomerApisResource.class)
class KafkaClientConfigurationTest {

    public static class WithAnExtraKafkaSetting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.metric.reporters", RecordingReporter.class.getName());
        }
    }

    @InjectLocalStack
    LocalStack stack;

    @Test
    void everyKafkaClientOfTheMonitorGetsTheApplicationsKafkaConfiguration() throws Exception {
        // one change event, so the producer to the customers' topics is made (on first use), and the replay's consumer
        try (InputStream event = getClass().getResourceAsStream("/events/insert.json");
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().bootstrapServers(),
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            producer.send(new ProducerRecord<>(Topics.CHANGES, event.readAllBytes())).get();
        }
        given().post("/dead-letters/replay").then().statusCode(200);

        List<String> expected = List.of(
                "consumer monitor-service", // the stream's channel
                "consumer monitor-dispatch-customer-1", "consumer monitor-dispatch-customer-2",
                "consumer monitor-dispatch-customer-3",
                "consumer monitor-dead-letter-replay",
                "producer", // to the customers' topics and the dead letters
                "admin");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(clients()).containsAll(expected));
        assertThat(RecordingReporter.CONFIGURED).allSatisfy(config -> assertThat(config.get("bootstrap.servers")).isNotNull());
    }

    /** Each client that configured the reporter, as its kind and, for a consumer, its group. */
    private static List<String> clients() {
        return RecordingReporter.CONFIGURED.stream().map(config -> {
            if (config.containsKey("key.deserializer")) {
                return "consumer " + config.get("group.id");
            }
            if (config.containsKey("key.serializer")) {
                return "producer";
            }
            return "admin";
        }).distinct().toList();
    }
}
