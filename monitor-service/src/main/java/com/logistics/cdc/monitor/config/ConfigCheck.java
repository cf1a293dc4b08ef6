package com.logistics.cdc.monitor.config;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses to start on settings out of their limits, naming each property, its limit and the value it got.
 * <p>
 * Checked here rather than with Bean Validation annotations on {@link MonitorConfig}: Hibernate Validator built
 * its metadata at every start for these dozen range checks, about half a second of the monitor's start on two
 * cores (measured with {@code make bench-monitor}, where the start is part of the catch-up time).
 */
@ApplicationScoped
public class ConfigCheck {

    /** First of the start-up observers: nothing reads the stream or calls a customer before this passed. */
    void onStart(@Observes @Priority(0) StartupEvent event, MonitorConfig config) {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new ConfigurationException("Invalid configuration: " + String.join("; ", problems));
        }
    }

    static List<String> problems(MonitorConfig config) {
        Problems problems = new Problems();
        // upper bounds on what is held in memory: each is allocated, or filled, as the stream flows
        problems.between("monitor.dedupe-window", config.dedupeWindow(), 1, 10_000_000);
        problems.between("monitor.warm-up-events", config.warmUpEvents(), 0, 10_000_000);
        problems.between("monitor.latest-movements", config.latestMovements(), 1, 1_000); // in every SSE snapshot
        problems.between("monitor.history-packages", config.historyPackages(), 1, 1_000_000);
        problems.between("monitor.history-per-package", config.historyPerPackage(), 1, 1_000);
        problems.between("monitor.latency-samples", config.latencySamples(), 100, 1_000_000);
        problems.between("monitor.unreadable-value-limit", config.unreadableValueLimit(), 0, 1_000_000); // under 1 MiB with headers
        config.producerUrl().ifPresent(url -> problems.httpUrl("monitor.producer-url", url));
        problems.positive("monitor.producer-poll", config.producerPoll());
        MonitorConfig.Dispatch dispatch = config.dispatch();
        problems.atLeast("monitor.dispatch.replication-factor", dispatch.replicationFactor(), 1);
        problems.atLeast("monitor.dispatch.buffer-per-partition", dispatch.bufferPerPartition(), 1);
        problems.positive("monitor.dispatch.retention", dispatch.retention());
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < dispatch.customers().size(); i++) {
            MonitorConfig.Customer customer = dispatch.customers().get(i);
            String prefix = "monitor.dispatch.customers[" + i + "].";
            problems.atLeast(prefix + "id", customer.id(), 1);
            if (!ids.add(customer.id())) {
                problems.add(prefix + "id " + customer.id() + " is configured twice");
            }
            problems.httpUrl(prefix + "base-url", customer.baseUrl());
            problems.positive(prefix + "timeout", customer.timeout());
            problems.between(prefix + "concurrency", customer.concurrency(), 1, 256);
            problems.atLeast(prefix + "max-attempts", customer.maxAttempts(), 1);
            problems.positive(prefix + "initial-backoff", customer.initialBackoff());
            problems.positive(prefix + "max-backoff", customer.maxBackoff());
            problems.atLeast(prefix + "circuit-request-volume", customer.circuitRequestVolume(), 1);
            problems.positive(prefix + "circuit-delay", customer.circuitDelay());
            if (!(customer.circuitFailureRatio() > 0 && customer.circuitFailureRatio() <= 1)) {
                problems.add(prefix + "circuit-failure-ratio must be above 0 and at most 1 (was " + customer.circuitFailureRatio() + ")");
            }
        }
        return problems.found;
    }

    private static final class Problems {
        private final List<String> found = new ArrayList<>();

        void atLeast(String property, long value, long min) {
            if (value < min) {
                add(property + " must be at least " + min + " (was " + value + ")");
            }
        }

        void between(String property, long value, long min, long max) {
            if (value < min || value > max) {
                add(property + " must be between " + min + " and " + max + " (was " + value + ")");
            }
        }

        void positive(String property, Duration value) {
            if (value.isNegative() || value.isZero()) {
                add(property + " must be longer than zero (was " + value + ")");
            }
        }

        void httpUrl(String property, URI value) {
            if (!("http".equals(value.getScheme()) || "https".equals(value.getScheme())) || value.getHost() == null) {
                add(property + " must be an http:// or https:// URL with a host (was " + value + ")");
            }
        }

        void add(String problem) {
            found.add(problem);
        }
    }
}
