package com.logistics.cdc.monitor.config;

import com.logistics.cdc.monitor.PackagedMonitor;
import com.logistics.cdc.stack.StackConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged monitor refuses to start on a setting out of its limits and names it (no Kafka needed for that). */
class ConfigValidationIT {

    @Test
    void aSettingOutOfItsLimitStopsStartUpNamingIt() throws Exception {
        ProcessBuilder builder = PackagedMonitor.command("127.0.0.1:" + StackConfig.freePort(), 0, // nothing listens: never reached
                Map.of("MONITOR_DEDUPE_WINDOW", "0"));
        Process process = builder.start();
        boolean exited = process.waitFor(60, TimeUnit.SECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(builder.redirectOutput().file().toPath(), StandardCharsets.UTF_8);
        assertThat(exited).as("start-up must fail, output:\n" + output).isTrue();
        assertThat(process.exitValue()).isNotZero();
        assertThat(output).contains("monitor.dedupe-window must be at least 1 (was 0)");
    }
}
