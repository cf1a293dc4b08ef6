package com.logistics.cdc.monitor.config;

import com.logistics.cdc.monitor.PackagedMonitor;
import com.logistics.cdc.stack.StackConfig;
import com.logistics.cdc.stack.junit.ProcessExit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

/** The packaged monitor refuses to start on a setting out of its limits and names it (no Kafka needed for that). */
class ConfigValidationIT {

    @Test
    void aSettingOutOfItsLimitStopsStartUpNamingIt() throws Exception {
        ProcessBuilder builder = PackagedMonitor.command("127.0.0.1:" + StackConfig.freePort(), 0, // nothing listens: never reached
                Map.of("MONITOR_DEDUPE_WINDOW", "0"));
        ProcessExit.run(builder, Duration.ofSeconds(60)).assertFailedNaming("monitor.dedupe-window must be between 1 and 10000000 (was 0)");
    }
}
