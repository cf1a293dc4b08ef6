package com.logistics.cdc.monitor.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigCheckTest {

    /** One customer, every other setting at its default. */
    private static final Map<String, String> VALID = Map.of(
            "monitor.dispatch.customers[0].id", "1",
            "monitor.dispatch.customers[0].base-url", "http://127.0.0.1:8091");

    @Test
    void defaultsPass() {
        assertThat(ConfigCheck.problems(config(Map.of()))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "monitor.dedupe-window                           | 0    | monitor.dedupe-window must be between 1 and 10000000 (was 0)",
            "monitor.dedupe-window                           | 1700000000 | monitor.dedupe-window must be between 1 and 10000000 (was 1700000000)",
            "monitor.warm-up-events                          | -1   | monitor.warm-up-events must be between 0 and 10000000 (was -1)",
            "monitor.latest-movements                        | 5000 | monitor.latest-movements must be between 1 and 1000 (was 5000)",
            "monitor.latency-samples                         | 99   | monitor.latency-samples must be between 100 and 1000000 (was 99)",
            "monitor.unreadable-value-limit                  | 2000000 | monitor.unreadable-value-limit must be between 0 and 1000000 (was 2000000)",
            "monitor.producer-url                            | localhost:8080 | monitor.producer-url must be an http:// or https:// URL with a host (was localhost:8080)",
            "monitor.producer-poll                           | 0s   | monitor.producer-poll must be longer than zero (was PT0S)",
            "monitor.dispatch.buffer-per-partition           | 0    | monitor.dispatch.buffer-per-partition must be at least 1 (was 0)",
            "monitor.dispatch.retention                      | 0s   | monitor.dispatch.retention must be longer than zero (was PT0S)",
            "monitor.dispatch.customers[0].concurrency       | 257  | monitor.dispatch.customers[0].concurrency must be between 1 and 256 (was 257)",
            "monitor.dispatch.customers[0].timeout           | 0s   | monitor.dispatch.customers[0].timeout must be longer than zero (was PT0S)",
            "monitor.dispatch.customers[0].circuit-delay     | 0s   | monitor.dispatch.customers[0].circuit-delay must be longer than zero (was PT0S)",
            "monitor.dispatch.customers[0].base-url          | localhost:8091 | monitor.dispatch.customers[0].base-url must be an http:// or https:// URL with a host (was localhost:8091)",
            "monitor.dispatch.customers[0].circuit-failure-ratio | 1.5 | monitor.dispatch.customers[0].circuit-failure-ratio must be above 0 and at most 1 (was 1.5)",
            "monitor.dispatch.customers[1].id                | 1    | monitor.dispatch.customers[1].id 1 is configured twice",
    })
    void aValueOutOfItsLimitIsNamedWithTheLimitAndTheValue(String property, String value, String expected) {
        Map<String, String> settings = new HashMap<>(Map.of(property, value));
        if (property.contains("customers[1]")) {
            settings.put("monitor.dispatch.customers[1].base-url", "http://127.0.0.1:8092");
        }
        assertThat(ConfigCheck.problems(config(settings))).containsExactly(expected);
    }

    @Test
    void customersTopicsKeepAMovementThirtyDaysByDefault() {
        assertThat(config(Map.of()).dispatch().retention()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(ConfigCheck.problems(config(Map.of("monitor.dedupe-window", "0", "monitor.history-packages", "0"))))
                .hasSize(2);
    }

    private static MonitorConfig config(Map<String, String> settings) {
        Map<String, String> values = new HashMap<>(VALID);
        values.putAll(settings);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(MonitorConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter()) // Quarkus's "5s"; plain SmallRye reads ISO-8601
                .withDefaultValues(values)
                .build();
        return config.getConfigMapping(MonitorConfig.class);
    }
}
