package com.logistics.cdc.monitor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings of the monitor; their limits are checked at start-up by {@link ConfigCheck}. */
@ConfigMapping(prefix = "monitor")
public interface MonitorConfig {

    /** The Debezium topic of package_status. */
    @WithDefault("dbserver1.public.package_status")
    String topic();

    /** Event ids remembered to drop re-sent events (Debezium re-sends after a Connect restart). */
    @WithDefault("100000")
    int dedupeWindow();

    /** Events read back from the topic at start, so a restart shows none of them twice. */
    @WithDefault("10000")
    int warmUpEvents();

    /**
     * The most of an unreadable message's value its dead letter keeps. Kafka refuses a record past the producer's
     * {@code max.request.size} (1 MiB by default), and a dead letter that cannot be written stops the stream; so a
     * larger value is dead-lettered by reference: its first bytes, its size in {@code dead-letter-value-bytes}, and
     * where it lies in the change topic (topic, partition, offset headers).
     */
    @WithDefault("262144")
    int unreadableValueLimit();

    /** Latest movements kept for the dashboard. */
    @WithDefault("100")
    int latestMovements();

    /** Packages whose history is kept, and movements per package. */
    @WithDefault("20000")
    int historyPackages();

    @WithDefault("30")
    int historyPerPackage();

    /** Latencies kept for the dashboard's percentiles. */
    @WithDefault("10000")
    int latencySamples();

    /**
     * Where producer-service answers ({@code PRODUCER_URL}). The monitor has no database connection; the WAL that
     * PostgreSQL keeps for Debezium's replication slot is read from producer-service's health check
     * {@code replication-slot} and shown on the dashboard. None: the dashboard says it is not watched.
     */
    Optional<URI> producerUrl();

    /** How often the replication slot's figures are read from producer-service. */
    @WithDefault("5s")
    Duration producerPoll();

    Dispatch dispatch();

    /** Forwarding each movement to the customer that owns the package. */
    interface Dispatch {

        @WithDefault("true")
        boolean enabled();

        /** Each customer's movements wait in its own topic, {@code <prefix><id>}, keyed by package. */
        @WithDefault("package-status.customer-")
        String topicPrefix();

        /** Where movements that could not be delivered go, with the reason and the attempts in headers. */
        @WithDefault("package-status.undeliverable")
        String deadLetterTopic();

        @WithDefault("1")
        short replicationFactor();

        /**
         * How long the customers' topics keep a movement ({@code retention.ms}, set when the monitor creates them):
         * the longest outage of a customer after which nothing is lost. A movement Kafka deleted before it was
         * delivered is counted as expired and logged as an error, never skipped silently. The dead-letter topics
         * keep theirs until someone deletes them.
         */
        @WithDefault("30d")
        Duration retention();

        /** Records buffered per partition before its consumption pauses: the backlog stays in Kafka. */
        @WithDefault("50")
        int bufferPerPartition();

        List<Customer> customers();
    }

    /** One customer's API and how to treat it. */
    interface Customer {
        int id();

        /** {@code POST <base-url>/package-status} */
        URI baseUrl();

        /** Longest wait for one answer. */
        @WithDefault("5s")
        Duration timeout();

        /** Requests in flight at once, across packages (one at a time within a package). */
        @WithDefault("16")
        int concurrency();

        /** Sent as the Authorization header when set (from a secret or the environment; never logged). */
        Optional<String> authorization();

        @WithDefault("5")
        int maxAttempts();

        @WithDefault("200ms")
        Duration initialBackoff();

        @WithDefault("10s")
        Duration maxBackoff();

        /** Consecutive calls looked at, share of them failing that opens the circuit, wait before probing. */
        @WithDefault("10")
        int circuitRequestVolume();

        @WithDefault("0.5")
        double circuitFailureRatio();

        @WithDefault("5s")
        Duration circuitDelay();
    }
}
