package com.logistics.cdc.producer.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Each simulation default within its maximum, checked at start: a default above it would start simulations that
 * the same setting refuses when a request asks for them.
 */
@ApplicationScoped
public class SimulationLimits {

    void check(@Observes StartupEvent event, ProducerConfig config) {
        ProducerConfig.Simulation simulation = config.simulation();
        withinMax("rate-per-second", simulation.defaultRatePerSecond(), simulation.maxRatePerSecond());
        withinMax("concurrency", simulation.defaultConcurrency(), simulation.maxConcurrency());
        withinMax("duration-seconds", simulation.defaultDurationSeconds(), simulation.maxDurationSeconds());
    }

    private static void withinMax(String setting, int fallback, int max) {
        if (fallback > max) {
            throw new IllegalStateException("producer.simulation.default-" + setting + " (" + fallback
                    + ") must not exceed producer.simulation.max-" + setting + " (" + max + ")");
        }
    }
}
