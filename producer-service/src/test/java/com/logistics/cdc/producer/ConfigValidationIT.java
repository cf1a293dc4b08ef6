package com.logistics.cdc.producer;

import com.logistics.cdc.stack.junit.ProcessExit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged service refuses to start on bad configuration and says which key is wrong. */
class ConfigValidationIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PRODUCER_GENERATION_BATCH_SIZE=0          | producer.generation.batch-size",
            "PRODUCER_JOURNEY_MIN_HOPS=5               | producer.journey.min-hops (5) must not exceed producer.journey.max-hops (4)",
            "PRODUCER_GENERATION_MAX_QUANTITY=lots     | producer.generation.max-quantity",
            "PRODUCER_SIMULATION_POST_SHARE=1.5        | producer.simulation.post-share",
            "PRODUCER_SIMULATION_MAX_RATE_PER_SECOND=100 | producer.simulation.default-rate-per-second (500) must not exceed producer.simulation.max-rate-per-second (100)",
    })
    void badConfigurationStopsStartUpNamingTheKey(String setting, String expected) throws Exception {
        assertThat(JAR).exists();
        String[] pair = setting.split("=", 2);
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()))
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("producer-start", ".log").toFile());
        builder.environment().put(pair[0], pair[1]);
        builder.environment().put("HTTP_PORT", "0");
        builder.environment().put("HTTP_HOST", "127.0.0.1");
        builder.environment().put("PRODUCER_GENERATION_ENABLED", "true");
        builder.environment().put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false"); // no database needed to fail on config
        ProcessExit.run(builder, Duration.ofSeconds(60)).assertFailedNaming(expected);
    }
}
