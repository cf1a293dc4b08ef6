package com.logistics.cdc.monitor.kafka;

import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.MetricsReporter;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A metrics reporter that remembers the configuration of every Kafka client that instantiated it. */
public class RecordingReporter implements MetricsReporter {

    static final List<Map<String, ?>> CONFIGURED = new CopyOnWriteArrayList<>();

    @Override
    public void configure(Map<String, ?> configs) {
        CONFIGURED.add(Map.copyOf(configs));
    }

    @Override
    public void init(List<KafkaMetric> metrics) {
    }

    @Override
    public void metricChange(KafkaMetric metric) {
    }

    @Override
    public void metricRemoval(KafkaMetric metric) {
    }

    @Override
    public void close() {
    }
}
