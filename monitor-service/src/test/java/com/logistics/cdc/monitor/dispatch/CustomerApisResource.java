package com.logistics.cdc.monitor.dispatch;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Customers 1-3 as WireMock servers on free ports, with shorter timeouts, backoffs and circuit delays than
 * production so that the tests wait seconds, not minutes.
 */
public class CustomerApisResource implements QuarkusTestResourceLifecycleManager {

    static final WireMockServer[] CUSTOMERS = new WireMockServer[4]; // index = customer id

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("monitor.dispatch.enabled", "true");
        config.put("monitor.dispatch.buffer-per-partition", "10");
        for (int id = 1; id <= 3; id++) {
            WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                    .asynchronousResponseEnabled(true).asynchronousResponseThreads(50));
            server.start();
            CUSTOMERS[id] = server;
            String prefix = "monitor.dispatch.customers[" + (id - 1) + "].";
            config.put(prefix + "id", Integer.toString(id));
            config.put(prefix + "base-url", server.baseUrl());
            config.put(prefix + "timeout", "10s");
            config.put(prefix + "concurrency", "8");
            config.put(prefix + "max-attempts", "8");
            config.put(prefix + "initial-backoff", "50ms");
            config.put(prefix + "max-backoff", "200ms");
            config.put(prefix + "circuit-request-volume", "4");
            config.put(prefix + "circuit-failure-ratio", "0.5");
            config.put(prefix + "circuit-delay", "1s");
        }
        config.put("monitor.dispatch.customers[0].authorization", "Bearer customer-1-secret");
        return config;
    }

    @Override
    public void stop() {
        for (WireMockServer server : CUSTOMERS) {
            if (server != null) {
                server.stop();
            }
        }
    }
}
