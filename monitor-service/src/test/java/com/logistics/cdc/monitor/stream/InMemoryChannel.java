package com.logistics.cdc.monitor.stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;

import java.util.HashMap;
import java.util.Map;

/** The Kafka channel replaced by an in-memory one: the processing alone, no broker. */
public class InMemoryChannel implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(InMemoryConnector.switchIncomingChannelsToInMemory("package-status"));
        config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory("unreadable-change-events"));
        config.put("kafka.bootstrap.servers", "127.0.0.1:1"); // nothing listens: warm-up and lag are off here
        config.put("monitor.warm-up-events", "0");
        return config;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
