package com.logistics.cdc.producer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/** Every setting of the producer, validated at start-up: a bad value stops the service with its name. */
@ConfigMapping(prefix = "producer")
public interface ProducerConfig {

    Generation generation();

    Journey journey();

    Simulation simulation();

    ReplicationSlot replicationSlot();

    /** Debezium's replication slot, watched: the WAL it keeps grows while Connect is down. */
    interface ReplicationSlot {
        /** The connector's {@code slot.name}. */
        @WithDefault("package_status_slot")
        String name();

        /** Retained WAL past which the health check {@code replication-slot} reports DOWN (in /q/health/well). */
        @WithDefault("1073741824")
        @Positive
        long warningBytes();

        /** How often the slot is read. */
        @WithDefault("10s")
        Duration interval();
    }

    interface Generation {
        /** The endpoints that write packages and movements; off in the prod profile. */
        @WithDefault("true")
        boolean enabled();

        /** Largest quantity one request may ask for. */
        @WithDefault("1000000")
        @Min(1)
        @Max(100_000_000)
        int maxQuantity();

        /** Rows per statement and per transaction when writing in bulk. */
        @WithDefault("5000")
        @Min(1)
        @Max(50_000)
        int batchSize();

        /** Batches of new packages written at the same time, each in its own transaction. */
        @WithDefault("2")
        @Min(1)
        @Max(16)
        int parallelBatches();
    }

    interface Journey {
        /** Locale of the generated addresses. */
        @WithDefault("pt-BR")
        String locale();

        /** Seed for reproducible journeys; random when absent. */
        OptionalLong seed();

        /** Fewest In Transit hops of a journey. */
        @WithDefault("1")
        @Min(1)
        @Max(50)
        int minHops();

        /** Most In Transit hops of a journey. */
        @WithDefault("4")
        @Min(1)
        @Max(50)
        int maxHops();

        /** Customer id -> relative weight of the packages it owns. */
        @NotEmpty
        Map<String, @Min(0) Integer> customerWeights();

        /** Distinct home addresses and hubs generated at start. */
        @WithDefault("5000")
        @Positive
        int addresses();

        @WithDefault("300")
        @Positive
        int hubs();
    }

    interface Simulation {
        @WithDefault("500")
        @Min(1)
        int defaultRatePerSecond();

        @WithDefault("50000")
        @Min(1)
        int maxRatePerSecond();

        @WithDefault("4")
        @Min(1)
        @Max(64)
        int defaultConcurrency();

        @WithDefault("64")
        @Min(1)
        int maxConcurrency();

        @WithDefault("60")
        @Min(1)
        int defaultDurationSeconds();

        @WithDefault("86400")
        @Min(1)
        int maxDurationSeconds();

        /** Share of new packages among the simulated writes; the rest are movements. */
        @WithDefault("0.25")
        @DecimalMin("0.0")
        @DecimalMax("1.0")
        double postShare();
    }
}
