package com.logistics.cdc.monitor.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientsTest {

    private static final String JMX = "org.apache.kafka.common.metrics.JmxReporter";

    @Test
    void aClientGetsTheApplicationsKafkaConfigurationThenItsOwnAndNoJmxReporter() {
        KafkaClients clients = new KafkaClients(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "broker:9093",
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512"));

        assertThat(clients.config(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "monitor-dispatch-customer-1")))
                .containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "broker:9093")
                .containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "monitor-dispatch-customer-1")
                .containsEntry(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
    }

    @Test
    void theApplicationsGroupAndClientIdAreNeverInherited() {
        KafkaClients clients = new KafkaClients(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "broker:9093",
                CommonClientConfigs.GROUP_ID_CONFIG, "monitor-service", CommonClientConfigs.CLIENT_ID_CONFIG, "monitor"));

        assertThat(clients.config(Map.of())).doesNotContainKeys(CommonClientConfigs.GROUP_ID_CONFIG, CommonClientConfigs.CLIENT_ID_CONFIG)
                .containsEntry(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "broker:9093");
    }

    @Test
    void aReporterTheApplicationAClientOrAChannelSetsStays() {
        assertThat(new KafkaClients(Map.of(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, JMX)).config(Map.of()))
                .containsEntry(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, JMX);
        assertThat(new KafkaClients(Map.of()).config(Map.of(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, JMX)))
                .containsEntry(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, JMX);

        Map<String, Object> channel = new HashMap<>(Map.of(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, JMX));
        assertThat(new KafkaClients(Map.of()).customize("package-status", null, channel))
                .containsEntry(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, JMX);
        assertThat(new KafkaClients(Map.of()).customize("package-status", null, new HashMap<>()))
                .containsEntry(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
    }
}
