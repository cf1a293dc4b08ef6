package com.logistics.cdc.monitor.stream;

import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.CommonClientConfigs;
import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.Map;

/**
 * What every Kafka client of the monitor has unless its configuration says otherwise: no JMX reporter. Kafka
 * clients report to JMX by default, an MBean for each group of metrics, registered under one lock all clients
 * share: at start the admin client held it while building the JVM's platform MBean server, and the channel's
 * consumer waited for it on its way to its first poll. (Kafka still registers one app-info MBean per client
 * itself, whatever the reporters.) The monitor's metrics are Micrometer's, at {@code /q/metrics}: the
 * channels' Kafka clients ({@code kafka_consumer_*}, {@code kafka_producer_*}) and the dispatchers' progress
 * ({@code dispatch_*}); nothing here reads JMX.
 * <p>
 * The messaging channels get it through SmallRye's client customizer, the clients the monitor makes itself
 * through {@link #with(Map)}.
 */
@ApplicationScoped
public class KafkaClientDefaults implements ClientCustomizer<Map<String, Object>> {

    private static final Map<String, Object> DEFAULTS = Map.of(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");

    /** A client's configuration with the defaults it does not set itself. */
    public static Map<String, Object> with(Map<String, Object> config) {
        Map<String, Object> merged = new HashMap<>(DEFAULTS);
        merged.putAll(config);
        return merged;
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        return with(config);
    }
}
