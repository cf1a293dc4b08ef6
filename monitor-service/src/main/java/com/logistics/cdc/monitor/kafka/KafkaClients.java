package com.logistics.cdc.monitor.kafka;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.CommonClientConfigs;
import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of every Kafka client of the monitor. The clients it builds itself (the dispatchers'
 * consumers, the producer to the customers' topics, the replay's consumer, the warm-up's consumer, the admin
 * client) get the application's whole Kafka configuration, Quarkus's {@code default-kafka-broker} map of every
 * {@code kafka.*} property, as the messaging channels do: bootstrap servers, and the security protocol, SASL and
 * TLS settings of a cluster that needs them. Then their own settings. Never the application's {@code group.id}
 * (Quarkus sets it to the application's name, the stream's group) or {@code client.id}: they name one client, and a
 * consumer outside the group (the warm-up's) would otherwise join it and commit for it.
 * <p>
 * Every client, channels included (through SmallRye's client customizer), also has no JMX reporter unless its
 * configuration names one. Kafka clients report to JMX by default, an MBean for each group of metrics, registered
 * under one lock all clients share: at start the admin client held it while building the JVM's platform MBean
 * server, and the channel's consumer waited for it on its way to its first poll. The monitor's metrics are
 * Micrometer's, at {@code /q/metrics}; nothing here reads JMX.
 */
@ApplicationScoped
public class KafkaClients implements ClientCustomizer<Map<String, Object>> {

    private static final Map<String, Object> DEFAULTS = Map.of(CommonClientConfigs.METRIC_REPORTER_CLASSES_CONFIG, "");
    private static final Set<String> ONE_CLIENTS_OWN = Set.of(CommonClientConfigs.GROUP_ID_CONFIG, CommonClientConfigs.CLIENT_ID_CONFIG);

    private final Map<String, Object> application;

    @Inject
    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> application) {
        Map<String, Object> shared = new HashMap<>(application);
        shared.keySet().removeAll(ONE_CLIENTS_OWN);
        this.application = Map.copyOf(shared);
    }

    /** A client's configuration: the defaults, then the application's Kafka configuration, then {@code own}. */
    public Map<String, Object> config(Map<String, Object> own) {
        Map<String, Object> merged = new HashMap<>(DEFAULTS);
        merged.putAll(application);
        merged.putAll(own);
        return merged;
    }

    /** A channel's configuration already holds the application's: only the defaults it does not set itself. */
    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        Map<String, Object> merged = new HashMap<>(DEFAULTS);
        merged.putAll(config);
        return merged;
    }
}
