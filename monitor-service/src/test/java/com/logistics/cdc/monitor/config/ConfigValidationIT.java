package com.logistics.cdc.monitor.config;

import com.logistics.cdc.stack.QuarkusApp;
import com.logistics.cdc.stack.StackConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged monitor refuses to start on a setting out of its limits and names it (no Kafka needed for that). */
class ConfigValidationIT {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    @Test
    void aSettingOutOfItsLimitStopsStartUpNamingIt() throws Exception {
        assertThat(JAR).exists();
        Path log = Files.createTempFile("monitor-start", ".log");
        ProcessBuilder builder = QuarkusApp.of(JAR).processBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of(
                "MONITOR_DEDUPE_WINDOW", "0",
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + StackConfig.freePort(), // nothing listens: never reached
                "HTTP_HOST", "127.0.0.1",
                "HTTP_PORT", "0"));
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exited).as("start-up must fail, output:\n" + output).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("monitor.dedupe-window must be at least 1 (was 0)");
    }
}
