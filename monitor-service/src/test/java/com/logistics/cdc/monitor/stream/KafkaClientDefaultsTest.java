package com.logistics.cdc.monitor.stream;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaClientDefaultsTest {

    @Test
    void aClientGetsNoJmxReporterAndKeepsItsOwnSettings() {
        assertThat(KafkaClientDefaults.with(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092")))
                .containsEntry(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "")
                .containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
    }

    @Test
    void aReporterAClientOrChannelSetsItselfStays() {
        String jmx = "org.apache.kafka.common.metrics.JmxReporter";
        assertThat(KafkaClientDefaults.with(Map.of(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, jmx)))
                .containsEntry(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, jmx);

        Map<String, Object> channel = new HashMap<>(Map.of(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, jmx));
        assertThat(new KafkaClientDefaults().customize("package-status", null, channel))
                .containsEntry(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, jmx);
        assertThat(new KafkaClientDefaults().customize("package-status", null, new HashMap<>()))
                .containsEntry(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
    }
}
